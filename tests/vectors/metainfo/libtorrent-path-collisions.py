# Writes libtorrent-path-collisions.json: random multi-file torrents whose paths collide (duplicates, case,
# files named like folders, names like "x.1.txt") and the file paths libtorrent gives them.
# Run with Debian's python3-libtorrent: /usr/bin/python3 tests/vectors/metainfo/libtorrent-path-collisions.py
import json, os, random
import libtorrent as lt

random.seed(5)
names = [b'a', b'A', b'b', b'a.1', b'x.txt', b'x.1.txt', b'X.TXT']
cases = []
for k in range(300):
    files = [([random.choice(names) for _ in range(random.randint(1, 3))], random.randint(1, 100)) for _ in range(random.randint(1, 6))]
    total = sum(l for _, l in files)
    info = {b'name': b'd', b'piece length': 16384, b'files': [{b'path': p, b'length': l} for p, l in files],
            b'pieces': b'\0' * 20 * ((total + 16383) // 16384)}
    data = lt.bencode({b'info': info})
    fs = lt.torrent_info(lt.bdecode(data)).files()
    cases.append({'torrent': data.hex(), 'libtorrent': [fs.file_path(i) for i in range(fs.num_files())]})
renamed = [c for c in cases if any('.1' in p or '.2' in p for p in c['libtorrent'])]
plain = [c for c in cases if c not in renamed]
doc = {'about': 'Random multi-file torrents with colliding paths, and libtorrent %s file_path() for each (made by '
                 'libtorrent-path-collisions.py).' % lt.__version__, 'cases': renamed[:40] + plain[:5]}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'libtorrent-path-collisions.json'), 'w') as f:
    f.write(json.dumps(doc, indent=1) + '\n')
