"""The demo's data names partners, people and bodies only by the cast's keys (that no app
imports the demo is checked with the other floors, in tests/test_layers.py)."""

from commun.demo.cast import data


def cast_keys():
    people = data("initiatives")
    return (
        {row["key"] for row in people["partners"]},
        {row["key"] for row in people["people"]} | {people["site_admin"]["key"]},
        {row["key"] for row in people["bodies"]},
    )


def named_partners():
    agenda, measurement = data("agenda"), data("measurement")
    activities, assessments = data("activities"), data("assessments")
    named = {row["partner"] for row in agenda["existing_actions"]} | set(agenda["scorers"])
    for version in agenda["versions"]:
        named |= set(version["endorsers"]) | set(version.get("reservations", {}))
    for rows in ("streams", "latest_status", "returned", "comments"):
        named |= {row["partner"] for row in measurement[rows]}
    for row in measurement["indicators"]:
        named |= set(row["partners"])
    named |= {row["partner"] for row in activities["from_inventory"]}
    for row in activities["declared"]:
        named |= set(row["partners"])
    named |= {row["partner"] for row in activities["plan"] if "partner" in row}
    for keys in assessments["areas"].values():
        named |= set(keys)
    return named


def test_every_partner_person_and_body_the_demo_names_is_in_the_cast():
    partners, people, bodies = cast_keys()
    assert named_partners() <= partners
    named_people = {row["author"] for row in data("agenda")["comments"]}
    named_people |= {r["owner_person"] for r in data("activities")["plan"] if "owner_person" in r}
    named_people |= set(data("assessments")["open_round"]["not_yet"])
    assert named_people <= people
    assert {r["owner_body"] for r in data("activities")["plan"] if "owner_body" in r} <= bodies
    seats = data("initiatives")["seats"]
    assert {row["person"] for row in seats} <= people and {row["body"] for row in seats} <= bodies
