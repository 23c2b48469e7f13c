"""X rules: facts that hold across the connections of one run, not inside one spec.

Tencent Cloud checks these against every connection of the account (unique
names in a VPC, one tunnel per gateway pair, quotas, SPD conflicts on a
gateway, and, as a matter of hygiene, one key per tunnel).  vpnlint sees only
the specs of one run, so the rules compare the :class:`~vpnlint.summary.ConnectionSummary`
records of all its files, in run order (file order, then document and list
order), and report the *later* of two connections, naming the earlier one.
"""
