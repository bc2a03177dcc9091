"""Waits until each URL answers over HTTP (any status), at most 10 s each.

usage: python3 e2e/wait_http.py URL...   (used by `make demo`)
"""
import sys
import time
import urllib.error
import urllib.request

for url in sys.argv[1:]:
    end = time.time() + 10
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            if time.time() > end:
                sys.exit(f"{url} does not answer")
            time.sleep(0.1)
