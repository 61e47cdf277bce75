"""A mixed Python workload: objects and method calls (a Richards-style scheduler), float
arithmetic (n-body), big integers (digits of pi), dictionaries and strings (word counts,
formatting), regular expressions, JSON, generators and sorting, hashing. `python bench.py SCALE`;
every line of output is deterministic (of libm only the correctly rounded sqrt: the other
functions' results differ by platform).
"""
import hashlib
import json
import re
import sys
from math import sqrt
from collections import Counter, deque

scale = int(sys.argv[1]) if len(sys.argv) > 1 else 1


class Task:
    def __init__(self, ident, priority, work):
        self.ident, self.priority, self.work, self.done = ident, priority, work, 0

    def step(self, scheduler):
        self.done += 1
        if self.done % 3 == 0 and self.work > 1:
            scheduler.spawn(Task(self.ident * 7 % 1009, self.priority + 1, self.work // 2))
        return self.done < self.work


class Scheduler:
    def __init__(self):
        self.queues = [deque() for _ in range(8)]
        self.steps = 0

    def spawn(self, task):
        self.queues[task.priority % 8].append(task)

    def run(self):
        finished = 0
        while True:
            queue = next((q for q in self.queues if q), None)
            if queue is None:
                return finished
            task = queue.popleft()
            self.steps += 1
            if task.step(self):
                queue.append(task)
            else:
                finished += task.ident


def scheduler(n):
    s = Scheduler()
    for i in range(n):
        s.spawn(Task(i, i % 5, 20 + i % 17))
    return s.run(), s.steps


def nbody(steps):
    bodies = [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 39.47841760435743],
              [4.84, -1.16, -0.10, 0.606, 2.81, -0.02, 0.037],
              [8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.011],
              [12.89, -15.11, -0.22, 1.08, 0.868, -0.01, 0.0017],
              [15.37, -25.91, 0.179, 0.979, 0.594, -0.034, 0.002]]
    pairs = [(a, b) for i, a in enumerate(bodies) for b in bodies[i + 1:]]
    dt = 0.01
    for _ in range(steps):
        for a, b in pairs:
            dx, dy, dz = a[0] - b[0], a[1] - b[1], a[2] - b[2]
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt / (d2 * sqrt(d2))
            am, bm = a[6] * mag, b[6] * mag
            a[3] -= dx * bm
            a[4] -= dy * bm
            a[5] -= dz * bm
            b[3] += dx * am
            b[4] += dy * am
            b[5] += dz * am
        for body in bodies:
            body[0] += dt * body[3]
            body[1] += dt * body[4]
            body[2] += dt * body[5]
    energy = 0.0
    for i, a in enumerate(bodies):
        energy += 0.5 * a[6] * (a[3] * a[3] + a[4] * a[4] + a[5] * a[5])
        for b in bodies[i + 1:]:
            dx, dy, dz = a[0] - b[0], a[1] - b[1], a[2] - b[2]
            d = sqrt(dx * dx + dy * dy + dz * dz)
            energy -= a[6] * b[6] / d
    return energy


def pi_digits(count):
    """Gibbons' unbounded spigot: big-integer arithmetic."""
    q, r, t, k, n, l = 1, 0, 1, 1, 3, 3
    digits = []
    while len(digits) < count:
        if 4 * q + r - t < n * t:
            digits.append(n)
            q, r, n = 10 * q, 10 * (r - n * t), (10 * (3 * q + r)) // t - 10 * n
        else:
            q, r, t, k, n, l = (q * k, (2 * q + r) * l, t * l, k + 1,
                                (q * (7 * k + 2) + r * l) // (t * l), l + 2)
    return "".join(map(str, digits))


def text(words):
    state = 12345
    vocabulary = []
    for _ in range(500):
        state = (state * 1103515245 + 12345) % 2147483648
        length = 2 + (state >> 8) % 9
        word = []
        for _ in range(length):
            state = (state * 1103515245 + 12345) % 2147483648
            word.append(chr(97 + (state >> 8) % 26))
        vocabulary.append("".join(word))
    out = []
    for i in range(words):
        state = (state * 1103515245 + 12345) % 2147483648
        out.append(vocabulary[(state >> 8) % len(vocabulary)])
        if i % 11 == 10:
            out.append(f"{i * 37 % 1000}-{i % 97}.\n")
    return " ".join(out)


def strings(words):
    body = text(words)
    counts = Counter(body.split())
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:5]
    numbers = re.findall(r"(\d+)-(\d+)\.", body)
    vowels = len(re.findall(r"\b[aeiou]\w*[aeiou]\b", body))
    swapped = re.sub(r"(\w+) (\w+)", r"\2 \1", body[:20000])
    lines = [line.strip().title() for line in body.splitlines() if line]
    return (top, len(numbers), sum(int(a) + int(b) for a, b in numbers), vowels,
            hashlib.sha256(swapped.encode()).hexdigest()[:16], len(lines),
            hashlib.sha256("|".join(lines).encode()).hexdigest()[:16])


def records(n):
    rows = [{"id": i, "name": f"item{i:05d}", "price": round(i * 1.25 % 97, 2),
             "tags": [t for t in ("red", "green", "blue", "big") if i % (len(t) + 1) == 0],
             "nested": {"level": i % 7, "flags": [i % 2 == 0, i % 3 == 0]}} for i in range(n)]
    encoded = json.dumps(rows, sort_keys=True)
    decoded = json.loads(encoded)
    by_tag = {}
    for row in decoded:
        for tag in row["tags"]:
            by_tag.setdefault(tag, []).append(row["price"])
    summary = {tag: (len(prices), round(sum(prices), 2)) for tag, prices in sorted(by_tag.items())}
    ordered = sorted(decoded, key=lambda row: (row["nested"]["level"], -row["price"], row["id"]))
    return len(encoded), summary, [row["id"] for row in ordered[:5]]


def generators(n):
    def primes():
        found = []
        candidate = 2
        while True:
            if all(candidate % p for p in found if p * p <= candidate):
                found.append(candidate)
                yield candidate
            candidate += 1

    total = 0
    for i, p in enumerate(primes()):
        if i == n:
            break
        total += p * (i % 10)
    squares = sum(x * x for x in range(n * 10) if x % 3)
    return total, squares


print("scheduler", scheduler(300 * scale))
print("nbody %.9f" % nbody(4000 * scale))
print("pi", pi_digits(300 * scale)[-20:])
print("strings", strings(20000 * scale))
print("records", records(2000 * scale))
print("generators", generators(1000 * scale))
