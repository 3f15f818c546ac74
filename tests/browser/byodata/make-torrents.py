# Makes the bring-your-own-data fixtures with another client's code (libtorrent 2.0, Debian's python3-libtorrent):
# folders of deterministic bytes and their .torrent files. Usage: make-torrents.py <out dir> <tracker url>
# Prints a JSON manifest: per torrent its .torrent path, data folder, info hash and files (path, length, pad).
import json
import os
import random
import sys

import libtorrent as lt

out, tracker = sys.argv[1], sys.argv[2]


def write(root, rel, data):
    path = os.path.join(root, *rel.split('/'))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)


def make(key, name, files, piece_size, flags):
    """`files`: (path inside the torrent, length, seed); the data folder is <out>/<key>/<name>."""
    data_root = os.path.join(out, key)
    for rel, length, seed in files:
        write(os.path.join(data_root, name) if len(files) > 1 else data_root, rel, random.Random(seed).randbytes(length))
    fs = lt.file_storage()
    lt.add_files(fs, os.path.join(data_root, name))
    t = lt.create_torrent(fs, piece_size, flags=flags)
    t.add_tracker(tracker)
    t.set_creator('libtorrent ' + lt.__version__)
    lt.set_piece_hashes(t, data_root)
    torrent_path = os.path.join(out, key + '.torrent')
    with open(torrent_path, 'wb') as f:
        f.write(lt.bencode(t.generate()))
    info = lt.torrent_info(torrent_path)
    st = info.files()
    listed = [
        {'path': st.file_path(i).replace(os.sep, '/'), 'length': st.file_size(i), 'pad': bool(st.file_flags(i) & lt.file_storage.flag_pad_file)}
        for i in range(st.num_files())
    ]
    return {
        'key': key,
        'name': name,
        'torrent': torrent_path,
        'data': os.path.join(data_root, name),
        'infoHash': str(info.info_hashes().v1),
        'hybrid': info.info_hashes().has_v2(),
        'pieceLength': info.piece_length(),
        'pieces': info.num_pieces(),
        'files': listed,
    }


KiB = 1024
manifest = [
    make('single', 'film – Übersicht.bin', [('film – Übersicht.bin', 700 * KiB + 123, 1)], 32 * KiB, lt.create_torrent.v1_only),
    make(
        'multi',
        'Ünïcödé album 🎵',
        [
            ('01 – Grüße aus Köln.flac', 300 * KiB + 7, 2),
            ('Disc 2/日本語のトラック.flac', 200 * KiB + 11, 3),
            ('Disc 2/extras/deep/notes (ε).txt', 5 * KiB + 3, 4),
            ('empty.txt', 0, 5),
            ('cover.jpg', 90 * KiB + 1, 6),
        ],
        16 * KiB,
        lt.create_torrent.v1_only,
    ),
    # libtorrent 2.0's default is a hybrid v1+v2 torrent: v2 needs every file to start on a piece boundary, so the
    # v1 file list carries BEP 47 pad files between them.
    make(
        'hybrid',
        'hybrid set',
        [('a.bin', 100 * KiB + 5, 7), ('b/c.bin', 64 * KiB, 8), ('d.bin', 33 * KiB + 1, 9)],
        32 * KiB,
        0,
    ),
]
print(json.dumps(manifest))
