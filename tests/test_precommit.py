"""The pre-commit hook, as a pre-commit user would add it (`pre-commit try-repo`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")


def run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False,
                          timeout=600)


def test_try_repo_runs_the_hook_on_letters(tmp_path: Path) -> None:
    repo = tmp_path / "modeles"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    shutil.copy(SAMPLES / "relance-creancier-pro-conforme.md", repo / "bonne.md")
    shutil.copy(SAMPLES / "relance-creancier-commandement-de-payer.md", repo / "mauvaise.md")
    run("git", "init", "-q", cwd=repo, env=env)
    run("git", "add", ".", cwd=repo, env=env)
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "amiable"]
    good = run(*pre_commit, "--files", "bonne.md", cwd=repo, env=env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    bad = run(*pre_commit, "--files", "mauvaise.md", cwd=repo, env=env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "TON-ACTE-JUDICIAIRE" in bad.stdout
