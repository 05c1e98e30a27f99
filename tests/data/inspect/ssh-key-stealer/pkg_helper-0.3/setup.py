from setuptools import setup
setup(name='pkg-helper', version='0.3', packages=['pkg_helper'])
