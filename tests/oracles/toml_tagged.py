#!/usr/bin/python3
"""Decode a TOML file with Python's tomllib (the reference parser of
CPython 3.11+) and print it in toml-test's tagged JSON form, for the
differential tests in tests/unit/test_toml.c.  Usage: toml_tagged.py FILE"""
import datetime
import json
import math
import sys
import tomllib


def tag(v):
    if isinstance(v, dict):
        return {k: tag(x) for k, x in v.items()}
    if isinstance(v, list):
        return [tag(x) for x in v]
    if isinstance(v, bool):
        return {"type": "bool", "value": "true" if v else "false"}
    if isinstance(v, int):
        return {"type": "integer", "value": str(v)}
    if isinstance(v, float):
        s = "nan" if math.isnan(v) else repr(v)
        return {"type": "float", "value": s}
    if isinstance(v, str):
        return {"type": "string", "value": v}
    if isinstance(v, datetime.datetime):
        kind = "datetime" if v.tzinfo else "datetime-local"
        return {"type": kind, "value": v.isoformat()}
    if isinstance(v, datetime.date):
        return {"type": "date-local", "value": v.isoformat()}
    if isinstance(v, datetime.time):
        return {"type": "time-local", "value": v.isoformat()}
    raise TypeError(type(v))


with open(sys.argv[1], "rb") as f:
    json.dump(tag(tomllib.load(f)), sys.stdout)
