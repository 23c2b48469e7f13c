"""N rules: network semantics of the traffic selectors and the peer address."""
