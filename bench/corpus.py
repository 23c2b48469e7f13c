"""A deterministic corpus of AddVpnConnEx specs for the benchmark and the tests.

``generate(folder, files=2000, seed=...)`` writes the same bytes for the same
arguments on every machine: nested YAML and JSON only (check-jsonschema cannot
read the flattened or request-URL forms), one connection or a list of them per
file, about a third of the files with defects, and names, ids and pre-shared
keys reused across files so the across-spec (X) rules have work to do.

Run it alone to look at a corpus: ``python bench/corpus.py OUT [--files N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
from typing import Any, Callable

SEED = 20260311
#: files per sub-folder (a real repository keeps specs in folders)
PER_FOLDER = 100

ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"


def _id(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(rng.choice(ALNUM) for _ in range(8))


def _vpc_cidr(rng: random.Random) -> str:
    return f"10.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.0/24"


def _idc_cidrs(rng: random.Random, count: int) -> list[str]:
    """``count`` disjoint peer-side blocks (overlaps are a defect of their own)."""
    return [f"192.168.{third}.0/24" for third in rng.sample(range(256), count)]


def connection(rng: random.Random, pool: dict[str, list[str]]) -> dict[str, Any]:
    """One clean connection: strong crypto, a PSK reference, one selector form."""
    # draw from a shared pool now and then: the same name, gateway pair or key
    # in several files is what the across-spec rules look for
    name = rng.choice(pool["names"]) if rng.random() < 0.02 else f"conn-{rng.randrange(10**6):06d}"
    conn: dict[str, Any] = {
        "vpcId": _id(rng, "vpc-"),
        "vpnGwId": rng.choice(pool["gateways"]) if rng.random() < 0.1 else _id(rng, "vpngw-"),
        "userGwId": _id(rng, "cgw-"),
        "vpnConnName": name,
        "preSharedKey": rng.choice(pool["keys"]) if rng.random() < 0.02
        else f"${{VPN_PSK_{rng.randrange(10**6):06d}}}",
    }
    if rng.random() < 0.6:
        conn["spdAcl"] = json.dumps({_vpc_cidr(rng): _idc_cidrs(rng, rng.randrange(1, 3))})
    else:
        conn["userGwCidrBlock"] = _idc_cidrs(rng, rng.randrange(1, 4))
    conn["IKESet"] = {
        "propoEncryAlgorithm": rng.choice(["aes-cbc-256", "aes-cbc-192", "aes-cbc-128"]),
        "propoAuthenAlgorithm": "sha",
        "exchangeMode": "main",
        "remoteAddress": f"203.0.113.{rng.randrange(1, 255)}",
        "dhGroupName": "group14",
        "ikeSaLifetimeSeconds": rng.choice([28800, 14400]),
        "encryptAlgorithm": "aes-cbc-256",
    }
    conn["IPsecSet"] = {
        "integrityAlgorith": "sha",
        "ipsecSaLifetimeSeconds": rng.choice([3600, 1800]),
        "pfsDhGroup": "dh-group14",
    }
    return conn


def _typo(conn, rng):  # A003: not one of the enum (aes256 for aes-cbc-256)
    conn["IKESet"]["propoEncryAlgorithm"] = rng.choice(["aes256", "AES-CBC-256", "aes-gcm-256"])


def _missing(conn, rng):  # A001
    del conn[rng.choice(["vpnGwId", "userGwId", "vpcId"])]


def _weak(conn, rng):  # S rules: DES, MD5, group1, aggressive mode, no PFS
    conn["IKESet"].update(rng.choice([
        {"propoEncryAlgorithm": "des-cbc"}, {"propoAuthenAlgorithm": "md5"},
        {"dhGroupName": "group1"}, {"exchangeMode": "aggressive"}]))
    if rng.random() < 0.5:
        conn["IPsecSet"]["pfsDhGroup"] = "null"


def _range(conn, rng):  # A004
    conn["IKESet"]["ikeSaLifetimeSeconds"] = rng.choice([30, 10**7])


def _type(conn, rng):  # A002: a number written as a string
    conn["IPsecSet"]["ipsecSaLifetimeSeconds"] = "3600"


def _unknown(conn, rng):  # A006
    conn["IKESet"]["dhGroup"] = conn["IKESet"].pop("dhGroupName")


def _cidr_bad(conn, rng):  # A007 / N001
    bad = rng.choice(["10.0.0.0/33", "10.0.0.1/24", "300.1.2.0/24"])
    if "userGwCidrBlock" in conn:
        conn["userGwCidrBlock"][0] = bad
    else:
        conn["spdAcl"] = json.dumps({bad: ["172.16.0.0/16"]})


def _both(conn, rng):  # A014: both selector forms
    conn["userGwCidrBlock"] = ["192.168.1.0/24"]
    conn.setdefault("spdAcl", json.dumps({"10.0.0.0/24": ["192.168.1.0/24"]}))


def _long_name(conn, rng):  # A005
    conn["vpnConnName"] = "x" * 61


DEFECTS: list[Callable[[dict, random.Random], None]] = [
    _typo, _missing, _weak, _range, _type, _unknown, _cidr_bad, _both, _long_name,
]


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    # JSON string syntax is valid YAML double-quoted syntax; plain where safe
    text = str(value)
    if text and all(c.isalnum() or c in "-._/" for c in text) and not text[0].isdigit() \
            and text.lower() not in ("null", "true", "false", "yes", "no", "on", "off", "y", "n"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _yaml_mapping(data: dict, indent: str, out: list[str], first_prefix: str | None = None) -> None:
    prefix = first_prefix if first_prefix is not None else indent
    for key, value in data.items():
        if isinstance(value, dict):
            out.append(f"{prefix}{key}:")
            _yaml_mapping(value, indent + "  ", out)
        elif isinstance(value, list):
            out.append(f"{prefix}{key}:")
            out.extend(f"{indent}  - {_yaml_scalar(item)}" for item in value)
        else:
            out.append(f"{prefix}{key}: {_yaml_scalar(value)}")
        prefix = indent


def to_yaml(data: Any, comment: str) -> str:
    out = [f"# {comment}"]
    if isinstance(data, list):
        for conn in data:
            _yaml_mapping(conn, "  ", out, first_prefix="- ")
    else:
        _yaml_mapping(data, "", out)
    return "\n".join(out) + "\n"


def generate(folder: str, files: int = 2000, seed: int = SEED) -> list[str]:
    """Write ``files`` specs below ``folder`` (emptied first); return their paths."""
    rng = random.Random(seed)
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    pool = {
        "names": [f"shared-conn-{i}" for i in range(20)],
        "gateways": [_id(rng, "vpngw-") for _ in range(100)],
        "keys": [f"${{VPN_PSK_SHARED_{i}}}" for i in range(5)],
    }
    paths = []
    for number in range(files):
        sub = os.path.join(folder, f"team-{number // PER_FOLDER:03d}")
        os.makedirs(sub, exist_ok=True)
        count = 1 if rng.random() < 0.6 else rng.randrange(2, 7)
        conns = [connection(rng, pool) for _ in range(count)]
        defective = rng.random() < 1 / 3
        if defective:
            for conn in rng.sample(conns, rng.randrange(1, count + 1)):
                rng.choice(DEFECTS)(conn, rng)
        data: Any = conns if count > 1 or rng.random() < 0.2 else conns[0]
        as_json = rng.random() < 0.3
        name = f"spec-{number:05d}.vpn.{'json' if as_json else 'yaml'}"
        if as_json:
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        else:
            text = to_yaml(data, f"{count} connection(s){' with defects' if defective else ''}")
        path = os.path.join(sub, name)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    paths = generate(args.folder, args.files, args.seed)
    print(f"{len(paths)} files in {args.folder}")


if __name__ == "__main__":
    main()
