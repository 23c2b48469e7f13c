"""vpnlint: an offline linter for Tencent Cloud AddVpnConnEx VPN connection specs."""

__version__ = "0.1.0"

#: Where the generated rule reference lives; SARIF help links point at its sections.
RULES_DOC_URL = "https://github.com/vpnlint/vpnlint/blob/main/docs/rules.md"
