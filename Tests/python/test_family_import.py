"""`photoonce family import`: household-registry CSV to family links, all rows or none, bad
rows reported with their line numbers."""
import subprocess

from conftest import BIN
from library_server import resident_id

PARENT = resident_id("33090219800101002")
CHILD = resident_id("33090220150601003")
ADULT = resident_id("33090319920228004")
SIBLING = resident_id("33092219880808005")
HEADER = "kind,person_type,person_number,person_name,relative_type,relative_number,relative_name,relationship,household,child_birth_date\n"


def family_import(data_dir, csv_path, *extra):
    return subprocess.run([str(BIN), "family", "import", str(csv_path), "--data-dir", str(data_dir), *extra],
                          capture_output=True, text=True, timeout=120)


def test_bad_rows_are_listed_by_line_and_nothing_is_imported(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER
                   + f"guardian,resident-id,{PARENT},王建国,resident-id,{CHILD},王小雨,父亲 father,H-1,\n"
                   + f"guardian,resident-id,{PARENT},王建国,resident-id,{ADULT},王大雨,父亲 father,H-1,\n"
                   + "\n"
                   + f"cousin,resident-id,{PARENT},王建国,resident-id,{SIBLING},李四,表亲,H-1,\n"
                   + f"relative,resident-id,{PARENT},王建国,resident-id,123,李四,兄弟 brother,H-1,\n", encoding="utf-8")
    result = family_import(tmp_path, bad)
    assert result.returncode == 3, result.stderr
    assert "nothing imported" in result.stderr
    assert "line 3:" in result.stderr and "turned 18" in result.stderr
    assert "line 5:" in result.stderr and "kind must be guardian or relative" in result.stderr
    assert "line 6:" in result.stderr and "line 2:" not in result.stderr
    # The good row alone was not imported either: importing it now works and makes one link.
    good = tmp_path / "good.csv"
    good.write_text(HEADER + f"guardian,resident-id,{PARENT},王建国,resident-id,{CHILD},王小雨,父亲 father,H-1,\n"
                    + f'relative,resident-id,{ADULT},"Wang, Dayu",resident-id,{SIBLING},李四,兄弟 brother,H-2,\n', encoding="utf-8")
    dry = family_import(tmp_path, good, "--dry-run")
    assert dry.returncode == 0 and "would be imported" in dry.stdout, dry.stderr
    result = family_import(tmp_path, good)
    assert result.returncode == 0, result.stderr
    assert "2 family links imported (1 waiting for the relative's approval)" in result.stdout
    again = family_import(tmp_path, good)
    assert again.returncode == 3 and "line 2:" in again.stderr and "already" in again.stderr
