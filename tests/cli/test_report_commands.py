"""PDF documents from the command line."""

from __future__ import annotations

import io
import zipfile

from pypdf import PdfReader

from tests.factories import (
    documents_issued,
    fill,
    make_candidate,
    make_interview,
    make_opening,
    make_user,
)


def scored(name: str = "Kalle Kandidaatti"):
    recruiter = make_user("recruiter")
    opening = make_opening(recruiter)
    candidate = make_candidate(opening, name=name, email="kalle@example.com")
    person = make_user("interviewer", name="Anna Arvioija")
    interview = make_interview(candidate, [person], recruiter, competencies=["persuasion"])
    fill(interview, person, {"persuasion": 4})
    return opening, candidate


def test_report_writes_profile_and_records_it(runner, tmp_path):
    _, candidate = scored()
    target = tmp_path / "profile.pdf"
    result = runner.invoke(args=["report", str(candidate.id), "-o", str(target), "--lang", "fi"])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {target}\n"
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Kalle Kandidaatti" in text
    assert "Yhteenveto" in text
    (entry,) = documents_issued()
    assert entry.actor.startswith("cli")
    assert (entry.kind, entry.candidate_id, entry.lang, entry.blind) == (
        "profile",
        candidate.id,
        "fi",
        False,
    )


def test_report_blind(runner, tmp_path):
    _, candidate = scored()
    target = tmp_path / "blind.pdf"
    assert (
        runner.invoke(args=["report", str(candidate.id), "-o", str(target), "--blind"]).exit_code
        == 0
    )
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Kalle" not in text
    assert "kalle@example.com" not in text


def test_report_unknown_candidate(runner, tmp_path):
    result = runner.invoke(args=["report", "999", "-o", str(tmp_path / "x.pdf")])
    assert not (tmp_path / "x.pdf").exists()
    assert result.exit_code == 2
    assert "error: no candidate with id 999" in result.output


def test_report_batch_zip_with_progress(runner, tmp_path):
    opening, candidate = scored()
    make_candidate(opening, name="Ulla Unscored")
    target = tmp_path / "all.zip"
    result = runner.invoke(args=["report-batch", str(opening.id), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "profiles" in result.output
    assert result.output.strip().endswith(f"wrote {target}: 2 profiles, 0 failed")
    names = zipfile.ZipFile(target).namelist()
    assert names == [
        f"{candidate.id:05d}-kalle-kandidaatti.pdf",
        f"{candidate.id + 1:05d}-ulla-unscored.pdf",
    ]
    assert len(documents_issued()) == 2


def test_job_description_command(runner, tmp_path):
    target = tmp_path / "jd.pdf"
    result = runner.invoke(args=["job-description", "kam", "-o", str(target), "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "APPROVED" in text
    assert "2.23" in text
    assert runner.invoke(args=["job-description", "cto", "-o", str(target)]).exit_code == 2


def test_a_blind_batch_names_files_by_position_and_pseudonym_only(runner, tmp_path):
    """The zip of blind profiles says nothing of who is who: no name and no internal number
    (the candidates here are numbered 2 and 3; the files 1 and 2)."""
    from hiring.services.documents import pseudonym

    make_candidate(None, name="Elsewhere")
    opening, candidate = scored()
    other = make_candidate(opening, name="Ulla Unscored")
    target = tmp_path / "blind.zip"
    result = runner.invoke(args=["report-batch", str(opening.id), "--blind", "-o", str(target)])
    assert result.exit_code == 0, result.output
    names = zipfile.ZipFile(target).namelist()
    assert names == [
        f"00001-candidate-{pseudonym(candidate.id)}.pdf",
        f"00002-candidate-{pseudonym(other.id)}.pdf",
    ]
    assert (candidate.id, other.id) == (2, 3)
