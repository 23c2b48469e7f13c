"""Which IKE identity field goes with which identity type (shared by A011 and A012)."""

#: (identity field, its value) -> the field that value needs
IDENTITY_FIELDS = {
    ("localIdentity", "address"): "localAddress",
    ("localIdentity", "fqdn"): "localFqdnName",
    ("remoteIdentity", "address"): "remoteAddress",
    ("remoteIdentity", "fqdn"): "remoteFqdnName",
}


def identity_choices(conn):
    """Yield (identity field, effective type, needed field, unused field) for an
    IKESet that is written; a spec without IKESet uses every default and is not
    held to the conditionals (the API page's own example has none)."""
    if not isinstance(conn.get("/IKESet"), dict):
        return
    for identity in ("localIdentity", "remoteIdentity"):
        chosen = conn.effective(f"/IKESet/{identity}")
        if chosen not in ("address", "fqdn"):
            continue  # an invalid value is A003's
        other = "fqdn" if chosen == "address" else "address"
        yield identity, chosen, IDENTITY_FIELDS[(identity, chosen)], IDENTITY_FIELDS[(identity, other)]
