from bot.divergence_json import (
    divergence_fingerprint,
    divergence_fingerprint_from_prints,
    finding_fingerprint,
)
from bot.models import Finding


def test_fingerprint_from_prints_equals_the_fingerprint_of_the_findings() -> None:
    findings = [Finding(type="omission", government="US", text=f"Point  {i} A", document_id=i, doc_id=f"d{i}")
                for i in range(3)]
    prints = [finding_fingerprint(f) for f in findings]
    assert divergence_fingerprint_from_prints(7, prints) == divergence_fingerprint(7, findings)
    assert divergence_fingerprint_from_prints(7, reversed(prints)) == divergence_fingerprint(7, findings)
    assert divergence_fingerprint_from_prints(7, []) == divergence_fingerprint(7, [])
