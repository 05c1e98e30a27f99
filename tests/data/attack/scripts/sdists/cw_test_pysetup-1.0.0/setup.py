# hand-written test sdist: runs code at install time
import os
from setuptools import setup

os.system("echo installing")
setup(name="cw-test-pysetup", version="1.0.0")
