"""liaison-app export / report / import, run in-process: exit codes and what they print."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from liaison_app.cli import run
from tests.excel.conftest import save_workbook


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--data-dir", str(data), "--lang", "zh_CN", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_dir(tmp_path: Path, demo_template: Path) -> Path:
    data = tmp_path / "home"
    data.mkdir()
    (data / "liaison.db").write_bytes(demo_template.read_bytes())
    return data


def test_export_whole_and_filtered(capsys, demo_dir: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "all.xlsx"
    code, out, err = cli(capsys, demo_dir, "export", str(out_file))
    assert code == 0, err
    assert out.strip() == (
        f"已导出到 {out_file}：拜访记录 351 条，项目线索 67 条，签约项目 17 个，"
        "企业 240 家，联系人 292 人"
    )
    assert load_workbook(out_file).sheetnames[1] == "拜访记录"
    part = tmp_path / "sh.xlsx"
    code, out, _ = cli(
        capsys,
        demo_dir,
        "export",
        str(part),
        "--from",
        "2020-03-01",
        "--to",
        "2020年4月30日",
        "--office",
        "上海联络办",
    )
    assert code == 0 and "拜访记录 42 条" in out
    offices = {r[2] for r in load_workbook(part)["拜访记录"].iter_rows(min_row=2, values_only=True)}
    assert offices == {"上海联络办"}


def test_export_refuses_unknown_office_and_bad_dates(capsys, demo_dir: Path, tmp_path: Path):
    code, _, err = cli(capsys, demo_dir, "export", str(tmp_path / "x.xlsx"), "--office", "广州")
    assert code == 2 and "没有名为“广州”的联络办" in err
    code, _, err = cli(capsys, demo_dir, "export", str(tmp_path / "x.xlsx"), "--from", "2020-13-01")
    assert code == 2 and "无法识别的日期" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_report(capsys, demo_dir: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "r.xlsx"
    code, out, err = cli(
        capsys, demo_dir, "report", str(out_file), "--from", "2020-01-01", "--to", "2020-06-30"
    )
    assert code == 0, err
    assert "3 个联络办" in out and "签约项目 17 个" in out
    assert load_workbook(out_file).sheetnames == ["分月统计", "签约项目", "亿元以上项目"]
    with pytest.raises(SystemExit) as caught:  # --from and --to are required
        run(["--data-dir", str(demo_dir), "report", str(out_file)])
    assert caught.value.code == 2
    capsys.readouterr()


def test_report_of_one_office(capsys, demo_dir: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "sz.xlsx"
    period = ("--from", "2020-01-01", "--to", "2020-06-30")
    code, out, err = cli(
        capsys, demo_dir, "report", str(out_file), *period, "--office", "深圳联络办"
    )
    assert code == 0, err
    assert "1 个联络办，6 个月度行" in out
    offices = {
        r[0] for r in load_workbook(out_file)["分月统计"].iter_rows(min_row=5, values_only=True)
    }
    assert "深圳联络办" in offices and not offices & {"北京联络办", "上海联络办"}
    code, out, err = cli(
        capsys, demo_dir, "report", str(tmp_path / "x.xlsx"), *period, "--office", "广州"
    )
    assert code == 2  # a validation error, as for export --office
    assert "没有名为“广州”的联络办，现有：北京联络办、上海联络办、深圳联络办" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_import_dry_run_then_for_real(capsys, demo_dir: Path, tmp_path: Path) -> None:
    exported = tmp_path / "all.xlsx"
    assert cli(capsys, demo_dir, "export", str(exported))[0] == 0
    fresh = tmp_path / "fresh"
    code, out, err = cli(capsys, fresh, "import", str(exported), "--dry-run")
    assert code == 0, err
    assert "拜访记录：新增 351，更新 0，无变化 0" in out
    assert "试运行（未写入任何数据）：将新增 983 条，更新 0 条" in out
    code, out, _ = cli(capsys, fresh, "stats", "--json")
    assert '"visits": 0' in out
    code, out, err = cli(capsys, fresh, "import", str(exported))
    assert code == 0, err
    assert f"已导入 {exported}：新增 983 条，更新 0 条" in out
    code, out, _ = cli(capsys, fresh, "import", str(exported))
    assert code == 0 and "没有需要导入的变化" in out
    code, out, _ = cli(capsys, fresh, "stats", "--from", "2020-01-01", "--to", "2020-06-30")
    assert "219" in out and "131.00 亿元" in out


def test_import_with_problems_prints_them_and_saves_the_report(capsys, tmp_path: Path) -> None:
    data = tmp_path / "home"
    assert cli(capsys, data, "demo")[0] == 0
    bad = save_workbook(
        tmp_path / "bad.xlsx",
        {
            "拜访": [
                ["拜访日期", "企业名称", "联络办", "洽谈内容"],
                ["2020-02-30", "某公司", "上海联络办", "x"],
            ]
        },
    )
    code, _, err = cli(capsys, data, "import", str(bad))
    assert code == 2
    assert "工作表“拜访”第 2 行“拜访日期”列（A2 单元格）：无法识别的日期“2020-02-30”" in err
    assert "导入未完成：发现 1 处问题，未导入任何数据" in err
    assert f"问题清单已保存到 {tmp_path / 'bad.errors.xlsx'}" in err
    assert (tmp_path / "bad.errors.xlsx").exists()


def test_import_of_a_bad_file_is_one_line(capsys, tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("a,b\n1,2\n", encoding="utf-8")
    code, out, err = cli(capsys, tmp_path / "home", "import", str(fake))
    assert code == 2 and out == ""
    assert err.strip().startswith(f"文件 {fake} 是文本（CSV）文件")
    code, _, err = cli(capsys, tmp_path / "home", "--lang", "en", "import", str(fake))
    assert code == 2 and "is a text (CSV) file" in err


def test_import_of_a_ledger_without_offices_takes_office(
    capsys, demo_dir: Path, tmp_path: Path
) -> None:
    ledger = save_workbook(
        tmp_path / "台账.xlsx",
        {
            "走访台账": [
                ["走访日期", "企业名称", "走访内容", "备注"],
                ["2020-06-01", "某某新能源科技有限公司", "座谈"],
            ]
        },
    )
    code, _, err = cli(capsys, demo_dir, "import", str(ledger), "--dry-run")
    assert code == 2 and "工作表“走访台账”缺少“联络办”列" in err
    code, _, err = cli(capsys, demo_dir, "import", str(ledger), "--office", "广州")
    assert code == 2 and "没有名为“广州”的联络办" in err
    code, out, err = cli(
        capsys, demo_dir, "import", str(ledger), "--dry-run", "--office", "北京联络办"
    )
    assert code == 0, err
    assert "假定：工作表“走访台账”没有“联络办”列，全部按“北京联络办”导入" in out
    assert "工作表“走访台账”未识别的列：备注（这些列不会导入）" in out
    assert "工作表“走访台账”：按编号对应已有记录 0 行，按内容对应已有记录 0 行，新记录 1 行" in out
    code, out, err = cli(capsys, demo_dir, "import", str(ledger), "--office", "北京联络办")
    assert code == 0 and "新增 2 条" in out  # the visit and its company
    code, out, err = cli(capsys, demo_dir, "import", str(ledger), "--office", "北京联络办")
    assert code == 0 and "没有需要导入的变化" in out
