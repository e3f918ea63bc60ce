"""LibreTranslate is an optional service next to the assistant: behind a compose profile and
in a separate Kubernetes directory, never published, reachable only by the bot, with its
own volume for the models and our seven languages."""

from __future__ import annotations

import yaml

from tests.conftest import ROOT

OURS = "de,en,ar,fa,uk,ru,tr"


def test_compose_runs_libretranslate_only_with_its_profile_and_not_on_the_host() -> None:
    compose = yaml.safe_load((ROOT / "compose.yml").read_text(encoding="utf-8"))
    service = compose["services"]["libretranslate"]
    assert service["image"].startswith("libretranslate/libretranslate")
    assert service["profiles"] == ["translate"]
    assert "ports" not in service
    assert service["environment"]["LT_LOAD_ONLY"] == OURS
    assert "libretranslate-models:/home/libretranslate/.local" in service["volumes"]
    assert "libretranslate-models" in compose["volumes"]
    env = compose["x-app"]["environment"]
    assert {"KOMM_MIT_TRANSLATE_URL", "KOMM_MIT_TRANSLATE_API_KEY"} <= set(env)


def test_kubernetes_has_it_as_a_separate_optional_directory_reached_only_by_the_bot() -> None:
    path = ROOT / "deploy" / "k8s" / "translate" / "libretranslate.yaml"
    docs = {d["kind"]: d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d}
    assert set(docs) == {"PersistentVolumeClaim", "Deployment", "Service", "NetworkPolicy"}
    [container] = docs["Deployment"]["spec"]["template"]["spec"]["containers"]
    assert {e["name"]: e["value"] for e in container["env"]}["LT_LOAD_ONLY"] == OURS
    assert container["readinessProbe"] and container["startupProbe"]
    assert container["resources"]["requests"]["memory"]
    [rule] = docs["NetworkPolicy"]["spec"]["ingress"]
    assert [p["podSelector"]["matchLabels"] for p in rule["from"]] == [{"app": "bot"}]
    assert docs["Service"]["spec"].get("type", "ClusterIP") == "ClusterIP"
