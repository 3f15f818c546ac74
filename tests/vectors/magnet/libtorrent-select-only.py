# Writes libtorrent-select-only.json: random BEP 53 so= values and the file indexes libtorrent selects for each
# (parse_magnet_uri's file_priorities above 0). Run with Debian's python3-libtorrent:
#   /usr/bin/python3 tests/vectors/magnet/libtorrent-select-only.py
import json, os, random
import libtorrent as lt

random.seed(11)
cases = []
for k in range(3000):
    s = ''.join(random.choice('0123456789-,') for _ in range(random.randint(0, 10)))
    if random.random() < 0.1: s += random.choice(['x', ' ', '.'])
    if random.random() < 0.1: s += ',' + random.choice(['9999', '10000', '10001', '99999999999', '9999-10000', '0-10000'])
    p = lt.parse_magnet_uri('magnet:?xt=urn:btih:%s&so=%s' % ('c12fe1c06bba254a9dc9f519b335aa7c1367a88a', s))
    sel = [i for i, x in enumerate(p.file_priorities) if x]
    cases.append({'so': s, 'libtorrent': sel if len(sel) <= 20 else {'count': len(sel), 'first': sel[0], 'last': sel[-1]}})
picked = [c for c in cases if c['libtorrent']][:50] + [c for c in cases if not c['libtorrent']][:20]
doc = {'about': 'BEP 53 so= values and libtorrent %s selections (made by libtorrent-select-only.py; 3000 of 3000 '
                 'agreed when made). An empty selection is where we differ: libtorrent downloads nothing, we all files.'
                 % lt.__version__, 'cases': picked}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'libtorrent-select-only.json'), 'w') as f:
    f.write(json.dumps(doc, indent=1) + '\n')
