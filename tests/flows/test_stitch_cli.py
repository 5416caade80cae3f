"""``campaign-ner stitch``: exit codes and one-line errors."""

from __future__ import annotations

from flows.cli import main
from tests.flows.test_stitch import DAYS, write_campaigns


def test_cli_stitch_and_its_one_line_errors(tmp_path, prefect_harness, capsys):
    write_campaigns(tmp_path / "out", DAYS[:4])
    assert main(["stitch", str(tmp_path / "out")]) == 0
    assert "stitches in all" in capsys.readouterr().out
    assert main(["stitch", str(tmp_path / "out"), "--window-days", "7",
                 "--since", str(DAYS[1])]) == 0
    capsys.readouterr()
    cases = [
        ([str(tmp_path / "missing")], "does not exist"),
        ([str(tmp_path)], "no campaigns partitions"),
        ([str(tmp_path / "out"), "--since", "yesterday"], "--since"),
        ([str(tmp_path / "out"), "--window-days", "-3"], "--window-days"),
    ]
    for argv, message in cases:
        assert main(["stitch", *argv]) == 2
        err = capsys.readouterr().err.strip()
        assert message in err and len(err.splitlines()) == 1, err
