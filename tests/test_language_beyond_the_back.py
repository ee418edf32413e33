"""Reading the Version 2 signs (back pain that may not come from the back), and their look-alikes.

The lexicon holds only plain, precise phrasings; paraphrases are the trained reader's job. What
matters most here is what a person would see go wrong: a paracetamol overdose hidden in a cold
remedy missed, or "this pain is killing me" raising a mental health crisis.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from backcare.knowledge.loader import KnowledgeBase
from backcare.language import TextReading, read_text

Read = Callable[[str], TextReading]
VERSION_2_SECTION = "what may not come from the back, and general danger signs"


@pytest.fixture
def read(kb: KnowledgeBase) -> Read:
    return lambda text: read_text(text, kb)


@pytest.mark.parametrize(("text", "finding"), [
    ("My back aches and I've got a rash that doesn't fade when I press a glass on it",
     "non_blanching_rash"),
    ("did the glass test on the rash and it didn't fade", "non_blanching_rash"),
    ("fever, stiff neck and the worst headache of my life", "neck_stiffness"),
    ("fever, stiff neck and the worst headache of my life", "severe_headache"),
    ("I can't touch my chin to my chest and light hurts my eyes", "neck_stiffness"),
    ("I can't touch my chin to my chest and light hurts my eyes", "photophobia"),
    ("I had a seizure this morning and my back hurts", "seizure"),
    ("sudden severe stomach pain going through to my back", "severe_abdominal_pain"),
    ("belly is too tender to touch", "severe_abdominal_pain"),
    ("I think I took too much paracetamol for my back over the weekend", "paracetamol_overdose"),
    ("took 16 paracetamol yesterday", "paracetamol_overdose"),
    ("I've taken more ibuprofen than the packet says", "painkiller_overdose"),
    ("I'm 32 weeks pregnant with back pain and some bleeding", "pregnancy_warning"),
    ("pregnant, back ache and regular tightenings every 10 minutes", "pregnancy_warning"),
    ("baby hasn't moved much today and my back is killing me, 34 weeks", "pregnancy_warning"),
    ("I think my waters have broken and my back hurts", "pregnancy_warning"),
    ("sciatica down my left leg and my left calf is swollen and hot", "calf_swelling"),
    ("my eyes have gone yellow and my back hurts", "jaundice"),
    ("been having thoughts of ending my life with this pain", "suicidal_thoughts"),
    ("I don't want to live like this", "suicidal_thoughts"),
    ("I can't keep myself safe tonight", "self_harm_danger"),
    ("purple dots on my legs that stay when I roll a glass over them", "non_blanching_rash"),
    ("a neck that won't bend and a blinding headache", "neck_stiffness"),
    ("I've been popping naproxen way more than it says on the box", "painkiller_overdose"),
    ("36 weeks pregnant, my bump is going hard every five minutes", "pregnancy_warning"),
    ("29 weeks pregnant and I've noticed some blood when I wipe", "pregnancy_warning"),
    ("my tummy is rock hard and the pain goes into my back", "severe_abdominal_pain"),
    ("swollen left leg after a long flight", "calf_swelling"),
    ("a blotchy rash, and when I pushed a glass against it the marks were still there",
     "non_blanching_rash"),
    ("high temp and my neck is rigid", "neck_stiffness"),
    ("my skin has gone a yellowy colour", "jaundice"),
    ("38 weeks and the baby's barely moved since yesterday", "pregnancy_warning"),
    ("my calf has been tender and swollen since I fell", "calf_swelling"),
    ("some days I wish I could just go to sleep and not wake up", "suicidal_thoughts"),
    ("I cut my arms last night to cope with the pain", "self_harm_danger"),
    ("I've been saving up my tablets", "self_harm_danger"),
    ("pain under my right ribs after fatty food, goes to my shoulder blade", "biliary_pain"),
])
def test_a_plainly_told_sign_is_found(read: Read, text: str, finding: str) -> None:
    assert read(text).findings.get(finding) is True


@pytest.mark.parametrize("text", [
    "been taking co-codamol and paracetamol together for my back",
    "I've been having Lemsip for my cold as well as paracetamol for my back",
    "cold and flu tablets plus paracetamol every 4 hours",
    "I've been taking Night Nurse and paracetamol for 3 days",
    "I take Tylenol and NyQuil together",
    "I took 2 co-codamol and 2 paracetamol every 4 hours",
    "on co-codamol 30/500 two every four hours and also taking paracetamol for a cold",
    "honestly I've lost count of how many Tylenol I've had today",
    "taking extra strength Tylenol around the clock for my back",
    "extra strength acetaminophen round the clock since monday",
])
def test_paracetamol_hidden_in_a_combination_product_is_an_overdose(
    read: Read, text: str
) -> None:
    assert read(text).findings.get("paracetamol_overdose") is True


@pytest.mark.parametrize(("text", "finding"), [
    ("I have a heat rash on my back but it fades under a glass", "non_blanching_rash"),
    ("28 weeks pregnant, baby moving normally, just back ache", "pregnancy_warning"),
    ("28 weeks pregnant, no bleeding, just back ache", "pregnancy_warning"),
    ("no rash, no stiff neck, no headache", "neck_stiffness"),
    ("I'm not suicidal, just fed up", "suicidal_thoughts"),
])
def test_a_denied_sign_is_false(read: Read, text: str, finding: str) -> None:
    assert read(text).findings.get(finding) is False


@pytest.mark.parametrize("text", [
    "this pain is killing me",
    "I could kill for a cup of tea",
    "I'm dying for a wee but it hurts to get up",
    "heat rash that fades when I press a glass on it",
    "cricked neck from sleeping funny, no fever",
    "my stiff neck and shoulders from the desk are killing me",
    "30 weeks pregnant, had some Braxton Hicks last night but they stopped, lower back ache",
    "I took two paracetamol at 8 and two at 2",
    "taking paracetamol and ibuprofen for my back",
    "co-codamol for my back, nothing else",
    "co-codamol contains paracetamol so I only take that",
    "I switched from paracetamol to co-codamol",
    "I usually take paracetamol, or lemsip if I have a cold",
    "is it ok to take lemsip with paracetamol?",
    "I hurt myself lifting a box",
    "cut myself cooking and then my back went",
    "I'm fit and healthy, back went lifting",
    "my mum would have a fit if she knew",
    "had a fit of coughing and my back went",
    "my back seized up",
    "the pain is so bad I feel like I'm going to have a seizure",
    "I want to die of embarrassment, I wet myself",
    "this paperwork is a real headache",
    "calves sore after a run",
    "my wee is dark yellow",
    "had my gallbladder out years ago",
])
def test_a_look_alike_raises_no_version_2_sign(kb: KnowledgeBase, read: Read, text: str) -> None:
    signs = kb.sections[VERSION_2_SECTION]
    raised = {fid for fid, value in read(text).findings.items() if fid in signs and value is True}
    assert raised == set()
