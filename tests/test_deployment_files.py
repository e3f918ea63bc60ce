"""The deployment files cannot run here; these checks keep them consistent with what does:
the same role commands as the local production run, probes, resources, every setting."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

ROLES = {"rasa", "actions", "bot", "migrate"}


def env_names_needed() -> set[str]:
    """Every ${VARIABLE} Rasa's production endpoints need."""
    lines = (ROOT / "deploy" / "endpoints.production.yml").read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    return set(re.findall(r"\$\{(\w+)\}", text))


def k8s_documents() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for path in sorted((ROOT / "deploy" / "k8s").glob("*.yaml")):
        docs += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    return docs


def test_the_role_script_knows_every_role_and_is_valid_bash() -> None:
    script = (ROOT / "deploy" / "role").read_text(encoding="utf-8")
    assert {m for m in re.findall(r"^\s+(\w+)\)", script, re.M)} >= ROLES
    subprocess.run(["bash", "-n", str(ROOT / "deploy" / "role")], check=True)


def test_the_image_runs_the_role_script() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.10", dockerfile, re.M)
    assert 'ENTRYPOINT ["deploy/role"]' in dockerfile
    assert 'pip" check' in dockerfile or "pip check" in dockerfile
    assert "deploy/role train" in dockerfile  # one model per release, built once


def test_compose_runs_every_role_with_health_checks_and_all_settings() -> None:
    compose = yaml.safe_load((ROOT / "compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    for role in ROLES:
        assert services[role]["command"] == [role]
    for role in ("rasa", "actions", "bot"):
        assert services[role]["healthcheck"]["test"], role
        assert services[role]["deploy"]["replicas"] >= 2, role
    env = compose["x-app"]["environment"]
    assert env_names_needed() <= set(env)
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in services["lb"]["volumes"]
    assert services["redis"]["image"].startswith("redis")
    assert services["postgres"]["image"].startswith("postgres")


def test_kubernetes_deployments_have_probes_resources_and_every_setting() -> None:
    docs = k8s_documents()
    deployments = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Deployment"}
    assert set(deployments) == {"rasa", "actions", "bot"}
    for name, deployment in deployments.items():
        assert deployment["spec"]["replicas"] >= 2
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        assert container["args"] == [name]
        assert container["readinessProbe"] and container["livenessProbe"]
        assert container["resources"]["requests"]["cpu"]
        assert container["resources"]["requests"]["memory"]
    [job] = [d for d in docs if d["kind"] == "Job"]
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"]
    provided = {
        key
        for d in docs
        if d["kind"] in ("ConfigMap", "Secret")
        for key in (d.get("data") or d.get("stringData") or {})
    }
    assert env_names_needed() <= provided
    bot = deployments["bot"]["spec"]["template"]["spec"]["containers"][0]
    assert bot["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert bot["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_kubernetes_lets_each_process_be_reached_only_by_the_one_that_needs_it() -> None:
    policies = {
        d["spec"]["podSelector"].get("matchLabels", {}).get("app"): d["spec"]["ingress"]
        for d in k8s_documents()
        if d["kind"] == "NetworkPolicy"
    }
    assert policies[None] == []  # default deny for all three
    sources = {
        app: {
            str(peer.get("podSelector", {}).get("matchLabels", {}).get("app") or "ingress")
            for rule in rules
            for peer in rule["from"]
        }
        for app, rules in policies.items()
        if app
    }
    assert sources == {"rasa": {"bot"}, "actions": {"rasa"}, "bot": {"ingress", "rasa"}}


def test_the_local_production_run_uses_the_same_role_commands(tmp_path: Path) -> None:
    from tools.production_run import supervisor_conf

    ports = {name: 10000 + i for i, name in enumerate(
        ["redis", "rasa_a", "rasa_b", "actions_a", "actions_b", "bot_a", "bot_b"]
    )}  # fmt: skip
    conf = supervisor_conf(ports, {"X": "1"}, tmp_path)
    for role in ("rasa", "actions", "bot"):
        assert conf.count(f"/deploy/role {role}\n") == 2  # two replicas of each


@pytest.mark.parametrize("which", ["local", "compose"])
def test_nginx_accepts_both_configurations(tmp_path: Path, which: str) -> None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("no nginx: apt-get install nginx (.ci/run does)")
    if which == "local":
        from tools.production_run import nginx_conf

        names = ["public", "bot_internal", "rasa_lb", "actions_lb", "rasa_a", "rasa_b"]
        names += ["actions_a", "actions_b", "bot_a", "bot_b"]
        ports = {name: 20000 + i for i, name in enumerate(names)}
        (tmp_path / "logs").mkdir()
        (tmp_path / "nginx-temp").mkdir()
        text = nginx_conf(ports, tmp_path)
    else:  # service names do not resolve here: check the syntax with loopback in their place
        text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
        text = re.sub(r"server (bot|rasa|actions):", "server 127.0.0.1:", text)
        text = f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\n{text}"
        text = text.replace(
            "http {",
            f"http {{\n  client_body_temp_path {tmp_path}/b;\n  proxy_temp_path {tmp_path}/p;",
            1,
        )
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
