"""The hosting and contributor files are valid and say what CONTRIBUTING.md promises.

YAML files must parse; the Read the Docs config, the GitHub workflows and the issue
forms must match the official JSON schemas, which check-jsonschema ships (so this runs
offline); actions are pinned to commits; permissions are minimal; the pre-commit hooks
are pinned like requirements/constraints.txt; CONTRIBUTING.md covers every
related_reading warning and its links lead somewhere.
"""

from __future__ import annotations

import json
import re
import runpy
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import REPO

from related_reading.diagnostics import SUBTYPES

WORKFLOWS = REPO / ".github" / "workflows"
ISSUE_FORMS = REPO / ".github" / "ISSUE_TEMPLATE"
_PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)", re.M)
_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[^@\s]+)@(?P<ref>\S+)(?P<comment>.*)$", re.M)


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


def schema(name: str) -> dict[str, Any]:
    """A schema bundled with check-jsonschema (the copy its pre-commit hooks use)."""
    vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    return json.loads((vendor / f"{name}.json").read_text("utf-8"))


def validate(document: Any, name: str) -> None:
    spec = schema(name)
    jsonschema.validators.validator_for(spec)(spec).validate(document)


def tracked(*patterns: str) -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", *patterns],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [REPO / line for line in out.splitlines() if (REPO / line).is_file()]


def load_workflow(path: Path) -> dict[str, Any]:
    """A workflow as GitHub reads it (YAML 1.2: PyYAML's 1.1 reads the key ``on`` as True)."""
    workflow = load(path)
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    on = workflow["on"]
    return on if isinstance(on, dict) else dict.fromkeys(on)


def pins(text: str) -> dict[str, str]:
    return {name.lower(): version for name, version in _PIN.findall(text)}


# -- Every YAML file --------------------------------------------------------------------


def test_every_yaml_file_parses() -> None:
    files = tracked("*.yml", "*.yaml")
    assert REPO / ".readthedocs.yaml" in files
    assert len(files) >= 8
    for path in files:
        assert load(path) is not None, path


# -- Read the Docs -------------------------------------------------------------------


def test_readthedocs_config_matches_its_schema_and_builds_everything() -> None:
    config = load(REPO / ".readthedocs.yaml")
    validate(config, "readthedocs")
    assert config["version"] == 2
    assert "pdf" in config["formats"]
    assert config["sphinx"] == {
        "configuration": "docs/conf.py",
        "builder": "html",
        "fail_on_warning": True,
    }
    jobs = config["build"]["jobs"]
    assert any("git fetch --unshallow" in command for command in jobs["post_checkout"])
    install = " ".join(jobs["install"])
    assert "-c requirements/constraints.txt -e . --group docs" in install
    assert "-r requirements/ci-tools.txt" in install
    # The PDF is built first, by the same nox session as everywhere, into build/pdf,
    # where docs/conf.py's handout_pdf_dir finds it and the HTML build copies it in.
    assert jobs["pre_build"] == ["python -m nox -s pdf"]
    # Then the Spanish site into <site>/es/, as strict as the English one.
    (spanish,) = jobs["post_build"]
    assert "-D language=es" in spanish
    assert "-W" in spanish
    assert spanish.endswith('"$READTHEDOCS_OUTPUT/html/es"')
    assert "texlive-lang-spanish" in config["build"]["apt_packages"]


def test_html_build_finds_the_pdf_where_nox_puts_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDOUT_PDF_DIR", raising=False)
    conf = runpy.run_path(str(REPO / "docs" / "conf.py"))
    assert Path(conf["handout_pdf_dir"]).resolve() == REPO / "build" / "pdf"
    assert 'language_dir(BUILD / "pdf", language)' in (REPO / "noxfile.py").read_text("utf-8")


def test_ci_tools_are_pinned_in_one_file() -> None:
    tools = pins((REPO / "requirements" / "ci-tools.txt").read_text("utf-8"))
    assert set(tools) == {"nox", "uv"}
    for path in [REPO / ".ci" / "run", *WORKFLOWS.glob("*.yml"), REPO / ".readthedocs.yaml"]:
        text = path.read_text("utf-8")
        assert not re.search(r"\bnox==", text), f"{path.name} pins nox itself"
    assert "-r requirements/ci-tools.txt" in (REPO / ".ci" / "run").read_text("utf-8")


# -- GitHub workflows --------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_workflow_is_valid_pinned_and_least_privileged(path: Path) -> None:
    workflow = load_workflow(path)
    validate(workflow, "github-workflows")
    text = path.read_text("utf-8")
    uses = list(_USES.finditer(text))
    assert uses, "no actions?"
    for use in uses:
        assert re.fullmatch(r"[0-9a-f]{40}", use["ref"]), f"{use['action']} not pinned to a SHA"
        assert re.search(r"#\s*v\d+\.\d+\.\d+", use["comment"]), f"{use['action']}: tag comment"
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions", {})
        assert granted != "write-all", name
        assert set(granted) <= {"pages", "id-token"}, name
        assert job.get("timeout-minutes"), f"{name} has no timeout"
        # Full history: every page's "last updated" date comes from git.
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["fetch-depth"] == 0, name
                assert step["with"]["persist-credentials"] is False, name


def test_ci_workflow_builds_tests_uploads_and_deploys() -> None:
    workflow = load_workflow(WORKFLOWS / "ci.yml")
    on = triggers(workflow)
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    check, deploy = workflow["jobs"]["check"], workflow["jobs"]["deploy"]
    commands = [step.get("run", "") for step in check["steps"]]
    # One definition of CI: the same script as on any fresh machine, and the README's
    # sessions (plus the Lighthouse audit, whose reports are uploaded).
    assert ".ci/run build lint tests audit" in commands
    uploads = {
        step["with"]["name"]: step["with"]["path"]
        for step in check["steps"]
        if str(step.get("uses", "")).startswith("actions/upload-artifact@")
    }
    assert uploads["site"] == "build/html/"
    assert uploads["handout-pdf"] == "build/pdf/**/*.pdf"  # every language's
    (pages,) = [s for s in check["steps"] if "upload-pages-artifact@" in str(s.get("uses"))]
    assert pages["with"]["path"] == "build/html/"
    assert "refs/heads/main" in pages["if"]
    assert "refs/heads/main" in deploy["if"]
    assert deploy["needs"] == "check"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_linkcheck_workflow_runs_weekly_and_opens_nothing() -> None:
    workflow = load_workflow(WORKFLOWS / "linkcheck.yml")
    on = triggers(workflow)
    (schedule,) = on["schedule"]
    _minute, _hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*")
    assert weekday.isdigit()  # once a week
    assert "workflow_dispatch" in on
    (job,) = workflow["jobs"].values()
    assert "permissions" not in job  # contents: read only: it cannot open issues or PRs
    commands = "\n".join(step.get("run", "") for step in job["steps"])
    assert "nox -s linkcheck" in commands
    assert ".ci/linkcheck-report build/linkcheck/output.json" in commands


# -- Issue forms and the pull request template ---------------------------------------------


def test_issue_forms_match_githubs_schema() -> None:
    config = load(ISSUE_FORMS / "config.yml")
    validate(config, "github-issue-config")
    assert config["blank_issues_enabled"] is False
    forms = {path.stem: load(path) for path in ISSUE_FORMS.glob("*.yml") if path.stem != "config"}
    assert set(forms) == {"content-error", "broken-link", "build-problem", "clinical-review"}
    for name, form in forms.items():
        validate(form, "github-issue-forms")
        assert any(item.get("validations", {}).get("required") for item in form["body"]), name


def test_clinical_review_form_asks_what_a_review_needs() -> None:
    """Pages and conflicts of interest are required; the role is optional (self-declared);
    nothing about patients."""
    form = load(ISSUE_FORMS / "clinical-review.yml")
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    required = {
        name for name, item in fields.items() if item.get("validations", {}).get("required")
    }
    assert {"kind", "pages", "conflicts"} <= required
    assert {"role", "findings"} <= set(fields) - required
    assert "(optional)" in fields["role"]["attributes"]["label"]
    checks = fields["before-sending"]["attributes"]["options"]
    assert all(check["required"] for check in checks)
    assert any("no information about any patient" in check["label"] for check in checks)
    intro = form["body"][0]["attributes"]["value"]
    assert "no clinician has reviewed it" in intro
    assert "Offering a clinical review" in intro
    assert "## Offering a clinical review" in (REPO / "CONTRIBUTING.md").read_text("utf-8")


def test_crisis_link_in_the_issue_chooser_has_every_crisis_number() -> None:
    """The chooser's crisis link says at least what every page says (docs/conf.py)."""
    lines = runpy.run_path(str(REPO / "docs" / "conf.py"))["handout_text"]["en"]["crisis_lines"]
    numbers = re.compile(r"\b\d{3}(?: \d{3})?\d*\b")
    expected = {n for line in lines for n in numbers.findall(line["text"])}
    (crisis,) = load(ISSUE_FORMS / "config.yml")["contact_links"]
    assert "crisis" in crisis["name"].lower()
    assert expected >= {"988", "838255", "911", "116 123", "999"}
    assert sorted(expected - set(numbers.findall(crisis["about"]))) == []


def test_pull_request_template_has_the_checklist() -> None:
    text = (REPO / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text("utf-8").lower()
    boxes = [line for line in text.splitlines() if line.startswith("- [ ]")]
    assert len(boxes) >= 4
    for needed in ("source", "reading", "preview"):
        assert any(needed in box for box in boxes), needed


# -- pre-commit: the one definition of "clean" ----------------------------------------


def test_pre_commit_hooks_are_local_pinned_and_match_the_lock() -> None:
    config = load(REPO / ".pre-commit-config.yaml")
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {repo["repo"] for repo in config["repos"]} == {"local"}
    ids = {hook["id"] for hook in hooks}
    assert {
        "ruff-check",
        "ruff-format",
        "codespell",
        "trailing-whitespace",
        "end-of-file-fixer",
        "pymarkdown",
        "check-yaml",
        "check-toml",
        "check-readthedocs",
        "check-github-workflows",
    } <= ids
    locked = pins((REPO / "requirements" / "constraints.txt").read_text("utf-8"))
    for hook in hooks:
        assert hook["language"] == "python", hook["id"]
        assert hook["additional_dependencies"], hook["id"]
        for requirement in hook["additional_dependencies"]:
            ((name, version),) = pins(requirement).items()
            if name in locked:
                assert version == locked[name], f"{hook['id']}: {name} {version} != lock"
    noxfile = (REPO / "noxfile.py").read_text("utf-8")
    assert '"pre-commit", "run", "--all-files"' in noxfile


# -- CONTRIBUTING.md ----------------------------------------------------------------------


def _github_slug(heading: str) -> str:
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


def test_contributing_explains_every_related_reading_warning() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    table = text.split("## Fixing related-reading warnings", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", table, re.M))
    assert documented == set(SUBTYPES)
    assert 'suppress_warnings = ["related_reading.<kind>"]' in table
    assert "extensions/related_reading/README.md" in table


def outside_code_blocks(markdown: str) -> str:
    """The text outside fenced code blocks (a fence closes with at least as many backticks)."""
    kept, fence = [], ""
    for line in markdown.splitlines():
        opening = re.match(r"\s*(`{3,})[^`]*$", line)  # an info string has no backticks
        if fence:
            if (
                opening
                and line.strip() == "`" * len(line.strip())
                and len(line.strip()) >= len(fence)
            ):
                fence = ""
        elif opening:
            fence = opening[1]
        else:
            kept.append(line)
    return "\n".join(kept)


def test_contributing_links_to_issue_forms_that_exist() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    repository = runpy.run_path(str(REPO / "docs" / "conf.py"))["handout_repository"]
    forms = re.findall(rf"\]\({re.escape(repository)}/issues/new\?template=([^)\s]+)\)", text)
    assert "clinical-review.yml" in forms
    assert [form for form in forms if not (ISSUE_FORMS / form).is_file()] == []


def test_contributing_links_lead_somewhere() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    without_code = re.sub(r"(`+).+?\1", "", outside_code_blocks(text))  # and inline code
    anchors = {_github_slug(h) for h in re.findall(r"^#+ (.+)$", without_code, re.M)}
    links = re.findall(r"\]\(([^)\s]+)\)", without_code)
    assert links
    for link in links:
        if link.startswith(("https://", "http://")):
            continue
        if link.startswith("#"):
            assert link[1:] in anchors, link
        else:
            assert (REPO / link).exists(), link
