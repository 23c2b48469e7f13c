"""Security rules (S): weak crypto, including the weak defaults of omitted fields, and weak pre-shared keys."""
