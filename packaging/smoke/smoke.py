"""The installed Python binding (dist-packages) and library."""
import re
import sys

import sogen

pathfile = sys.argv[1]
r = sogen.request_result({"pathfile": pathfile, "merchant_id": "000000000000001", "amount": 2500, "caddie": "cr\xe8me"})
m = re.search(r'NAME=DATA VALUE="([0-9a-f]+)"', r.form)
if not m:
    sys.exit(f"request: {r.output}")
reply = sogen.response_result({"message": m.group(1), "pathfile": pathfile})
if not reply.ok or reply["amount"] != "2500" or reply["caddie"] != "cr\xe8me":
    sys.exit(f"response: {reply.output}")
print("MODULE", sogen.__file__)
with open("/proc/self/maps") as maps:
    print("LIB", next(line[line.index("/"):].strip() for line in maps if "libsogen" in line))
print("OK Python", sogen.default().version)
