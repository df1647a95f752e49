#!/usr/bin/env python3
"""Validates the acknowledgments claimlint writes with an independent validator: pyx12's
`x12valid` (its 999.5010X231.A1 and 277.5010.X214 maps).

    validate_acks.py EXE X12VALID OUTDIR FORMAT [--redact] INPUT...

FORMAT is `999` or `277ca`; with `--redact` the acknowledgments are written with
`ack --redact` (pseudonyms when CLAIMLINT_REDACT_KEY is set). Every input's acknowledgment is written to OUTDIR, then all of
them are validated in one x12valid run. Prints `FORMAT: N inputs: N valid, N invalid, N
without an acknowledgment` and exits 1 when any acknowledgment is invalid. An input
claimlint writes no acknowledgment for (no readable interchange; for a 277CA, no claim in
a transaction set the 999 accepts) counts as "without".
"""

import os
import re
import subprocess
import sys

# x12valid's exit status does not tell (it is 1 on success). It prints `FILE: OK` or
# `FILE: Failure` after each file, and logs each problem as ERROR before that line, even
# for a file it calls OK: a file is valid when it is OK and has no ERROR.
VERDICT = re.compile(r"^(?P<file>.+): (?P<verdict>OK|Failure)$")
# One exception: an interchange rejected before any functional group is answered by a TA1
# alone (ISA, TA1, IEA), as X12 allows; pyx12's control map wants a GS in every
# interchange and logs that.
NO_GROUP = 'Mandatory loop "Functional Group Header" (GS_LOOP) missing'


def main() -> int:
    exe, x12valid, out, fmt, *inputs = sys.argv[1:]
    extra = []
    if inputs[:1] == ["--redact"]:
        extra, inputs = inputs[:1], inputs[1:]
    os.makedirs(out, exist_ok=True)
    acks = {}
    without = 0
    for n, path in enumerate(inputs, 1):
        ack = os.path.join(out, f"{n}.{fmt}")
        with open(ack, "wb") as f:
            subprocess.run(
                [exe, "ack", "--format", fmt, *extra, path],
                stdout=f,
                stderr=subprocess.DEVNULL,
                check=False,
            )
        if os.path.getsize(ack) == 0:
            without += 1
        else:
            acks[ack] = path
    result = subprocess.run(
        [x12valid, "--quiet", *acks],
        capture_output=True,
        text=True,
        check=False,
    )
    verdicts = {}
    errors = []
    for line in (result.stdout + result.stderr).splitlines():
        m = VERDICT.match(line)
        if m and m["file"] in acks:
            verdicts[m["file"]] = (m["verdict"], errors)
            errors = []
        elif "ERROR" in line or "Traceback" in line:
            errors.append(line)
    valid = invalid = 0
    for ack, path in acks.items():
        verdict, errs = verdicts.get(ack, ("missing", ["x12valid gave no verdict"]))
        with open(ack, encoding="ascii", errors="replace") as f:
            has_group = any(l.startswith("GS*") for l in f)
        if not has_group:
            errs = [e for e in errs if NO_GROUP not in e]
        if verdict == "OK" and not errs:
            valid += 1
        else:
            invalid += 1
            print(f"invalid {fmt} for {path} ({ack}): {verdict}")
            for e in errs[:5]:
                print(f"  {e}")
    print(
        f"{fmt}: {len(inputs)} inputs: {valid} valid, {invalid} invalid, "
        f"{without} without an acknowledgment"
    )
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
