"""Python's multiprocessing references for IpcBench (issue 15), measured in the same run as JMH by bench/run.

  python3 bench/py/bench_ipc.py [--quick]

Queue: one producer process puts 200000 small ints and a None sentinel into a multiprocessing.Queue; this process
gets them. Counter: four processes add 1 to a Value 10000 times each under a Lock, timed from their start to their
join. Prints "name value unit" lines (medians of several rounds), then the rounds themselves.
"""
import multiprocessing as mp
import statistics
import sys
import time

N = 200_000
ADDERS, ADDS = 4, 10_000


def produce(q, n):
    for i in range(n):
        q.put(i)
    q.put(None)


def queue_round():
    q = mp.Queue()
    p = mp.Process(target=produce, args=(q, N))
    t0 = time.perf_counter()
    p.start()
    first, count = None, 0
    while True:
        x = q.get()
        if first is None:
            first = time.perf_counter()
        if x is None:
            break
        count += 1
    t1 = time.perf_counter()
    p.join()
    assert count == N, count
    return N / (t1 - first), N / (t1 - t0)


def add(value, lock, n):
    for _ in range(n):
        with lock:
            value.value += 1


def counter_round():
    lock = mp.Lock()
    value = mp.Value('i', 0, lock=False)
    ps = [mp.Process(target=add, args=(value, lock, ADDS)) for _ in range(ADDERS)]
    t0 = time.perf_counter()
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    t1 = time.perf_counter()
    assert value.value == ADDERS * ADDS, value.value
    return (t1 - t0) * 1e3


def main():
    rounds = 2 if '--quick' in sys.argv else 5
    queue = [queue_round() for _ in range(rounds)]
    counter = [counter_round() for _ in range(rounds)]
    print(f"queue_messages_per_second {statistics.median(r[0] for r in queue):.0f} msg/s"
          f" (from the first message; {N} ints, 1 producer process)")
    print(f"queue_messages_per_second_with_start {statistics.median(r[1] for r in queue):.0f} msg/s"
          f" (from the producer's start)")
    print(f"value_lock_4x10000 {statistics.median(counter):.1f} ms (including the 4 processes' start)")
    print(f"python {sys.version.split()[0]}, start method {mp.get_start_method()}, {rounds} rounds:"
          f" queue {[round(r[0]) for r in queue]}, counter ms {[round(c, 1) for c in counter]}")


if __name__ == '__main__':
    main()
