"""The floor: find, read and compose every spec with libyaml, and nothing else.

What any YAML-reading linter must do at least: walk the folders, read each
file, and have libyaml (PyYAML's ``CSafeLoader``) compose its documents into
nodes (JSON files too: libyaml reads JSON as YAML).  No Python objects are
constructed, no validation, no output.  It runs as a process of its own, started
like the other commands, so its time includes an interpreter's start-up.

    python bench/floor.py FOLDER...
"""

import os
import sys

import yaml

SUFFIXES = (".vpn.yaml", ".vpn.yml", ".vpn.json")


def main(folders: list[str]) -> int:
    loader = yaml.CSafeLoader  # AttributeError without libyaml: the floor needs it
    files = nodes = 0
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                if not name.endswith(SUFFIXES):
                    continue
                with open(os.path.join(root, name), "rb") as handle:
                    text = handle.read().decode("utf-8")
                files += 1
                try:
                    nodes += sum(1 for _ in yaml.compose_all(text, Loader=loader))
                except yaml.YAMLError:
                    pass  # a broken file costs what it cost to find out
    print(f"{files} files, {nodes} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
