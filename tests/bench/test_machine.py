"""The runner's record of the machine: the processor's model from /proc/cpuinfo and the share of CPU
time the hypervisor stole during an import from /proc/stat (parsed from text, so any OS runs these)."""

from __future__ import annotations

from bench.run import cpu_model, cpu_ticks, steal_share

CPUINFO = """processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) Processor
cpu MHz\t\t: 2599.998
cache size\t: 491520 KB

processor\t: 1
model name\t: Other Model
cpu MHz\t\t: 1200.000
"""


def test_cpu_model_takes_the_first_processors_name_and_clock() -> None:
    assert cpu_model(CPUINFO) == {"model": "Intel(R) Xeon(R) Processor", "mhz": 2600}


def test_cpu_model_without_the_fields_is_none_not_an_error() -> None:
    assert cpu_model("") == {"model": None, "mhz": None}
    assert cpu_model("model name\t: Some ARM core\ncpu MHz\t: fast\n") == {"model": "Some ARM core", "mhz": None}


def test_cpu_ticks_reads_steal_and_the_total_without_guest_time() -> None:
    # user nice system idle iowait irq softirq steal guest guest_nice
    stat = "cpu  100 0 50 800 10 0 5 35 7 0\ncpu0 50 0 25 400 5 0 2 17 3 0\nintr 1 2 3\n"
    assert cpu_ticks(stat) == (35, 1000)


def test_cpu_ticks_of_an_unexpected_file_is_none() -> None:
    assert cpu_ticks("") is None
    assert cpu_ticks("cpu0 1 2 3 4 5 6 7 8\n") is None
    assert cpu_ticks("cpu  1 2 x 4 5 6 7 8\n") is None


def test_steal_share_is_the_stolen_part_of_the_ticks_between_readings() -> None:
    assert steal_share((35, 1000), (135, 2000)) == 0.1
    assert steal_share((35, 1000), (35, 1500)) == 0.0
    assert steal_share(None, (35, 1000)) is None
    assert steal_share((35, 1000), (35, 1000)) is None  # no time passed: no share
