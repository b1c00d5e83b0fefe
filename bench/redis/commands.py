"""Writes Redis commands (RESP) for bench/redis-bound.sh: batches of check-ins for an append function, or
one plain XADD per check-in. Events are the size checkin-service writes (about 560 bytes); ids are distinct."""
import sys

calls, per_call, tag, function = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
prefix = sys.argv[5]
event = ('{"id":"%s","venueId":1234567,"communeCode":"09541","districtCode":"268","provinceCode":"01","idType":"PHONE",'
         '"personRef":"Xk3v9kZQ0mB1yq2w7ePz8Y5aL4cD6fG1hJ2kL3mN4oP","numberEnc":"AAAAAQAAAAAAAAAFq9w0lV1m3x8yZr2T1uQz7n1sBv2cXy8w",'
         '"nameEnc":"AAAAAQAAAAAAAAAGm1Pz2Zs3d8GfHjK2LqWe9R4tYu7IoP0aSdFgHjKl","phoneEnc":"AAAAAQAAAAAAAAAHp3L0qZ8sN2vB5mX1cR4tY7uI9oP2aS",'
         '"direction":"IN","occurredAt":"2026-11-21T23:59:01.123Z","receivedAt":"2026-11-21T23:59:01.456Z","channel":"PC_COVID",'
         '"declaration":{"fever":false,"cough":false,"breathingDifficulty":false,"contactWithCase":false,"recentTravel":false},'
         '"venueSuspended":false}')
out = sys.stdout.buffer


def command(args):
    parts = [b'*%d\r\n' % len(args)]
    for a in args:
        a = a.encode()
        parts += [b'$%d\r\n' % len(a), a, b'\r\n']
    out.write(b''.join(parts))


for k in range(calls):
    p = k % 8
    ids = ['%s-%d-%d' % (tag, k, i) for i in range(per_call)]
    if function == 'XADD':
        for x in ids:
            command(['XADD', '%scheckins:{%d}' % (prefix, p), '*', 'event', event % x])
    else:
        command(['FCALL', function, str(1 + per_call), '%scheckins:{%d}' % (prefix, p)]
                + ['%scheckin-id:{%d}:%s' % (prefix, p, x) for x in ids] + ['259200'] + [event % x for x in ids]
                + ['1234567|0|1763769541456'] * per_call)
