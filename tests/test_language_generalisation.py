"""Fresh messages, written for the reader rather than taken from the labelled cases.

Each row is one person's message as a nurse would read it: the level it deserves, findings
it must set (a subset of what is read) and findings it must not set. They exercise the ways
real messages go wrong for a reader: a relative writing for the patient, the many words for
numbness "down below" and for bladder or bowel trouble, fears and questions that set nothing,
denials, past problems, the length of a medicine or a condition mistaken for the episode's
onset, a sneeze or a cough as the moment the back went, and night pain told in lay words.
A wrong row here is a warning sign missed or a false alarm raised for someone like them.
"""

from __future__ import annotations

from typing import Any

import pytest

from backcare.assessment import assess
from backcare.knowledge.loader import KnowledgeBase

LEVELS = ("self_care", "routine", "soon", "urgent", "emergency")
NUMERIC = ("age", "pain_score", "onset_days")

# (message, age, level, findings it must set, findings it must not set)
# The age is None when the message itself must give it.
CASES: list[tuple[str, int | None, str, dict[str, Any], list[str]]] = [
    (
        "My wife is 52 and her back went yesterday hoovering. She says she can't feel "
        'anything when she wipes.',
        52, 'emergency', {'saddle_numbness': True, 'onset_days': 1}, [],
    ),
    (
        "My husband (58) put his back out lifting the mower. He says it's numb down below "
        "and he can't tell when he needs a wee.",
        58, 'emergency',
        {'saddle_numbness': True, 'bladder_dysfunction': True, 'lifting': True},
        [],
    ),
    (
        'Writing for my dad, 71. His lower back has been bad for 4 days and this morning he '
        'had an accident, wet himself without realising.',
        71, 'emergency', {'bladder_dysfunction': True, 'pain_lower_back': True}, [],
    ),
    (
        'my mum is 66, her back is in spasm and she says she cant feel the toilet paper '
        'when she wipes',
        66, 'emergency', {'saddle_numbness': True, 'muscle_tightness': True}, [],
    ),
    (
        "My son is 34, hurt his back at the gym. He says he's been dribbling urine since "
        'last night.',
        34, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        "My partner's back seized up two days ago and now she's lost control of her bowels.",
        40, 'emergency', {'bowel_dysfunction': True, 'onset_days': 2}, [],
    ),
    (
        'Asking for my husband, 45. His lower back is agony and both his legs have gone '
        'numb.',
        45, 'emergency', {'leg_symptoms_both': True, 'pain_lower_back': True}, [],
    ),
    (
        'my girlfriend hurt her back moving house, she says her bum feels numb on the '
        'toilet',
        29, 'emergency', {'saddle_numbness': True}, [],
    ),
    (
        "Dad's back went on Sunday. He hasn't been able to pee since this morning.",
        63, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        "My wife's back is killing her after gardening. No problems with her bladder or "
        'bowels and no numbness.',
        50, 'self_care',
        {'bladder_dysfunction': False, 'bowel_dysfunction': False},
        ['saddle_numbness'],
    ),
    (
        'My father is 80 and slipped on the stairs, now his back hurts a lot.',
        80, 'urgent', {'minor_trauma': True}, [],
    ),
    ('My daughter is 14 and her back hurts after netball.', 14, 'soon', {}, []),
    (
        'Lower back spasm since Tuesday. Bit numb down below when I sit on the loo.',
        40, 'emergency', {'saddle_numbness': True}, [],
    ),
    (
        "can't feel the toilet paper when i wipe. back been bad 3 days",
        38, 'emergency', {'saddle_numbness': True, 'onset_days': 3}, [],
    ),
    (
        "back pain and I can't tell when I need a wee anymore",
        44, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        'Had an accident last night, wet the bed, first time ever. Back has been in spasm '
        'all week.',
        50, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        "I've lost control of my bladder since my back went this morning.",
        39, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        "I've been dribbling pee since the back pain started yesterday",
        47, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    ('Sore back and my privates feel numb', 33, 'emergency', {'saddle_numbness': True}, []),
    (
        'My backside feels numb and tingly since I hurt my back',
        41, 'emergency', {'saddle_numbness': True}, [],
    ),
    (
        "Back went lifting a sofa. When I go for a wee I can't really feel it coming out.",
        36, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        'lower back agony and I pooed myself this morning without noticing',
        55, 'emergency', {'bowel_dysfunction': True}, [],
    ),
    (
        "back hurts, and I didn't feel myself going for a poo, it just happened",
        48, 'emergency', {'bowel_dysfunction': True}, [],
    ),
    (
        'My inner thighs have gone numb and my back is really sore',
        42, 'emergency', {'saddle_numbness': True}, [],
    ),
    (
        "Back spasms, and I can't empty my bladder properly",
        51, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        'bad back since monday, numbness around my bum and genitals',
        45, 'emergency', {'saddle_numbness': True}, [],
    ),
    (
        'Lower back pain, and I have to strain to pee now',
        60, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        'Lumbar pain 5 days. Tonight I leaked urine without feeling it.',
        52, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        'back is sore and I keep having little accidents with my bladder',
        57, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        "Can't feel when I'm peeing since my back went",
        43, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        "Back pain and it feels like I'm sitting on something numb, my saddle area",
        50, 'emergency', {'saddle_numbness': True}, [],
    ),
    ("back hurts and I can't hold my poo in", 49, 'emergency', {'bowel_dysfunction': True}, []),
    ('lower back spasms and both legs tingling', 37, 'emergency', {'leg_symptoms_both': True}, []),
    ('sciatica down both legs since tuesday', 46, 'emergency', {'leg_symptoms_both': True}, []),
    (
        'back pain and my legs feel weak, both of them',
        54, 'emergency', {'leg_weakness_both': True}, [],
    ),
    (
        'Back went yesterday. Terrified of losing control of my bladder, what are the signs '
        'of cauda equina?',
        35, 'self_care', {}, ['bladder_dysfunction', 'saddle_numbness'],
    ),
    (
        'Should I be worried about numbness down below? My back has been sore for 2 days.',
        40, 'self_care', {'onset_days': 2}, ['saddle_numbness'],
    ),
    (
        "my back hurts. how do I know if it's cauda equina? what if I can't feel when I "
        'wipe?',
        33, 'self_care', {}, ['saddle_numbness', 'bladder_dysfunction'],
    ),
    (
        "Is it normal to worry about wetting myself with a bad back? I'm fine with peeing "
        'though.',
        44, 'self_care', {}, ['bladder_dysfunction'],
    ),
    (
        "I'm scared I'll end up in a wheelchair. Back spasm since this morning after "
        'bending.',
        30, 'self_care', {'onset_days': 0}, ['leg_weakness_both'],
    ),
    (
        'Back pain from lifting. Keeping an eye out for numbness in my legs like the '
        'leaflet said.',
        39, 'self_care', {'lifting': True}, ['leg_numbness_one', 'leg_symptoms_both'],
    ),
    (
        'Could back pain cause bladder problems? Mine is just achy after gardening.',
        45, 'self_care', {}, ['bladder_dysfunction'],
    ),
    (
        "Read online that back pain can mean cancer. I'm worried. Pulled it lifting a box "
        'yesterday.',
        42, 'self_care', {'lifting': True}, ['cancer_history'],
    ),
    (
        'Do I need to go to A&E if my legs go numb? Back hurts after moving furniture.',
        38, 'self_care', {}, ['leg_symptoms_both', 'leg_numbness_one'],
    ),
    (
        'what happens if i lose feeling down there? back has been stiff since the weekend',
        36, 'self_care', {}, ['saddle_numbness'],
    ),
    (
        'Lower back spasm from bending. No numbness down below, peeing fine, bowels normal.',
        41, 'self_care',
        {'saddle_numbness': False, 'bladder_dysfunction': False, 'bowel_dysfunction': False},
        [],
    ),
    (
        'back hurts, can feel the toilet paper fine, no problems with wee or poo',
        50, 'self_care', {}, ['saddle_numbness', 'bladder_dysfunction', 'bowel_dysfunction'],
    ),
    (
        'Back pain 2 days. Waterworks normal. No tingling or weakness in my legs.',
        35, 'self_care', {'bladder_dysfunction': False}, ['leg_tingling_one', 'leg_weakness_one'],
    ),
    (
        'No temperature, no weight loss, no night pain, just a sore lower back after '
        'gardening.',
        48, 'self_care', {'fever': False}, ['night_pain', 'weight_loss', 'fever'],
    ),
    (
        "My back is sore but I haven't had any accidents and I can wee normally.",
        52, 'self_care', {}, ['bladder_dysfunction'],
    ),
    (
        'no bladder or bowel issues, no numb bum, just back spasm from the gym',
        27, 'self_care', {}, ['bladder_dysfunction', 'bowel_dysfunction', 'saddle_numbness'],
    ),
    (
        'Back went when I bent over. Nothing wrong with my legs and no saddle numbness.',
        44, 'self_care', {'saddle_numbness': False}, [],
    ),
    (
        'Had sciatica years ago, fine since. Now my lower back is stiff after a long drive.',
        50, 'self_care', {}, ['pain_below_knee_one_leg'],
    ),
    (
        'My dad had prostate cancer. My back aches after digging the garden.',
        45, 'self_care', {}, ['cancer_history'],
    ),
    (
        'I had breast cancer 6 years ago, all clear now. My back has been aching for a '
        'week.',
        58, 'urgent', {'cancer_history': True}, [],
    ),
    (
        'My mum has osteoporosis. I tweaked my back lifting my toddler.',
        34, 'self_care', {'lifting': True}, ['osteoporosis'],
    ),
    (
        "When I was pregnant I had a weak bladder, that's long gone. Back pain now from "
        'lifting.',
        40, 'self_care', {}, ['bladder_dysfunction'],
    ),
    (
        'My brother lost control of his bladder with his slipped disc. My back hurts after '
        'football.',
        30, 'self_care', {}, ['bladder_dysfunction'],
    ),
    (
        'Had kidney stones in 2019. Back pain now after lifting boxes.',
        45, 'self_care', {'kidney_stone_history': True}, [],
    ),
    (
        "Back twinged when I sneezed. I've been on steroids for my asthma for 10 years.",
        60, 'soon', {'sudden_onset': True, 'steroid_use': True}, ['onset_days'],
    ),
    (
        "I've had diabetes for 20 years. My back went 3 days ago bending to pick up the "
        'post.',
        62, 'self_care', {'onset_days': 3}, [],
    ),
    (
        'On prednisolone for 5 years for my lungs. Coughed this morning and my back went.',
        67, 'soon', {'sudden_onset': True, 'steroid_use': True, 'onset_days': 0}, [],
    ),
    (
        'Taking warfarin for 2 years. Back pain since yesterday after gardening.',
        70, 'self_care', {'anticoagulant': True, 'onset_days': 1}, [],
    ),
    (
        'Had osteoporosis for 8 years. Sneezed and felt a sharp pain in my back.',
        72, 'soon', {'osteoporosis': True, 'sudden_onset': True}, ['onset_days'],
    ),
    (
        "I've had MS for 12 years and my back has been sore for 4 days.",
        48, 'self_care', {'multiple_sclerosis': True, 'onset_days': 4}, [],
    ),
    (
        'been on the pill for 6 years. back ache for 2 days from the gym',
        25, 'self_care', {'onset_days': 2}, [],
    ),
    ('Worked as a nurse for 30 years. Lower back pain since last week.', 55, 'self_care', {}, []),
    (
        "I've had this back pain for 6 weeks, on naproxen for 2 weeks.",
        45, 'routine', {'onset_days': 42}, [],
    ),
    ('back pain 3 weeks', 40, 'self_care', {'onset_days': 21}, []),
    ('lower back pain 10 days now', 40, 'self_care', {'onset_days': 10}, []),
    ('Been smoking for 25 years. Back hurts since friday.', 50, 'self_care', {}, ['onset_days']),
    (
        'Married 20 years, my wife says I snore. Back pain for 5 days after lifting.',
        50, 'self_care', {'onset_days': 5}, [],
    ),
    (
        "I've had arthritis for years. This flare of back pain started 2 weeks ago.",
        65, 'self_care', {'known_arthritis': True, 'onset_days': 14}, [],
    ),
    (
        'Back twinged when I sneezed this morning.',
        40, 'self_care', {'sudden_onset': True, 'onset_days': 0}, [],
    ),
    (
        'I coughed and my back went into spasm.',
        45, 'self_care', {'sudden_onset': True, 'muscle_tightness': True}, [],
    ),
    (
        'Sneezed and put my back out, 65 years old with osteoporosis',
        65, 'soon', {'sudden_onset': True, 'osteoporosis': True}, [],
    ),
    (
        'My back just went all of a sudden when I stood up',
        38, 'self_care', {'sudden_onset': True}, [],
    ),
    ('felt something go in my back as I bent down', 42, 'self_care', {'sudden_onset': True}, []),
    (
        'Back gave out while I was reaching for something, on long term steroids',
        59, 'soon', {'sudden_onset': True, 'steroid_use': True}, [],
    ),
    (
        "Got a sharp twinge in my lower back when I sneezed, I'm on steroid tablets for "
        'arthritis',
        68, 'soon', {'sudden_onset': True, 'steroid_use': True}, [],
    ),
    (
        'It came on suddenly when I twisted to get out of the car.',
        40, 'self_care', {'sudden_onset': True, 'twisting_bending': True}, [],
    ),
    (
        'something popped in my lower back when i sneezed',
        35, 'self_care', {'sudden_onset': True}, [],
    ),
    ('My back locked when I coughed', 50, 'self_care', {'sudden_onset': True}, []),
    (
        "back pain 3 weeks, and I've been waking at night with it, nothing helps lying down",
        50, 'soon', {'night_pain': True, 'onset_days': 21}, ['severe_uncontrolled_pain'],
    ),
    (
        "The pain wakes me up at night and lying down doesn't ease it.",
        55, 'soon', {'night_pain': True}, [],
    ),
    (
        "It's worse at night, can't get comfortable in bed whatever position I lie in.",
        60, 'soon', {'night_pain': True}, [],
    ),
    (
        'My back keeps me awake at night even when I lie still.',
        62, 'soon', {'night_pain': True}, [],
    ),
    (
        "back pain is waking me every night, resting doesn't help at all",
        58, 'soon', {'night_pain': True}, [],
    ),
    (
        "Night-time pain that doesn't ease with rest, back aching for 2 weeks",
        61, 'soon', {'night_pain': True, 'onset_days': 14}, [],
    ),
    (
        'Lower back pain worse at night, lying down makes no difference',
        57, 'soon', {'night_pain': True}, [],
    ),
    (
        'I sleep fine, my back only hurts when I move.',
        40, 'self_care', {'worse_with_movement': True}, ['night_pain'],
    ),
    (
        'Back is sore but lying down helps',
        40, 'self_care', {'eased_by_rest': True}, ['night_pain', 'severe_uncontrolled_pain'],
    ),
    ("No pain at night, it's better when I lie down.", 45, 'self_care', {}, ['night_pain']),
    (
        "can't sleep because of the pain in my lower back, nothing eases it at night",
        64, 'soon', {'night_pain': True}, [],
    ),
    (
        'Pain in my back wakes me at 3am every night and I have to get up and walk about.',
        52, 'soon', {'night_pain': True}, [],
    ),
    (
        'The pain is unbearable and nothing touches it, not even codeine.',
        45, 'urgent', {'severe_uncontrolled_pain': True}, [],
    ),
    (
        'painkillers do nothing, the pain is 10/10 whatever I do',
        40, 'urgent', {'severe_uncontrolled_pain': True, 'pain_score': 10}, [],
    ),
    (
        'Back pain, paracetamol and ibuprofen are helping a bit.',
        40, 'self_care', {}, ['severe_uncontrolled_pain'],
    ),
    (
        'I think I might be a bit numb around my bum since my back went',
        45, 'emergency', {'saddle_numbness': True}, [],
    ),
    (
        "Peeing feels sort of weird, like I can't quite get it all out. back spasm 2 days",
        50, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        'maybe slightly tingly in both feet? lower back pain since lifting',
        48, 'emergency', {'leg_symptoms_both': True}, [],
    ),
    (
        "I'm not sure but I think my bladder isn't emptying fully since the back went",
        55, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    ('Back pain with a temperature of 39 and shivering', 45, 'urgent', {'fever': True}, []),
    (
        "I've lost a stone without trying and my back has ached for a month",
        66, 'soon', {'weight_loss': True}, [],
    ),
    (
        "I'm having chemo for lymphoma and my back has started hurting",
        55, 'urgent', {'cancer_history': True}, [],
    ),
    ('Hot and cold sweats, feel feverish, back agony', 40, 'urgent', {'fever': True}, []),
    ('Back pain, I inject heroin', 35, 'soon', {'iv_drug_use': True}, []),
    (
        'I had a kidney transplant and take tacrolimus. Back sore 2 days.',
        50, 'soon', {'immunosuppressed': True}, [],
    ),
    ('Fell off a ladder about 3 metres onto my back', 45, 'emergency', {'major_trauma': True}, []),
    (
        'Rear-ended on the motorway yesterday, back and neck sore',
        35, 'emergency', {'major_trauma': True}, [],
    ),
    ("Slipped on ice and landed on my bum, I'm 70", 70, 'urgent', {'minor_trauma': True}, []),
    (
        'Pain shooting down my left leg to my foot, pins and needles in my toes',
        40, 'routine',
        {'pain_below_knee_one_leg': True, 'leg_tingling_one': True},
        ['leg_symptoms_both'],
    ),
    ('my right foot has gone numb since the back went', 42, 'soon', {'leg_numbness_one': True}, []),
    (
        'my right leg keeps giving way under me since my back went',
        48, 'urgent', {'leg_weakness_one': True}, [],
    ),
    (
        'Sir my back is paining since 2 days after lifting gas cylinder, kindly advise',
        38, 'self_care', {'lifting': True, 'onset_days': 2}, [],
    ),
    (
        'Having severe back pain since 1 week, also passing urine without control',
        55, 'emergency', {'bladder_dysfunction': True, 'onset_days': 7}, [],
    ),
    (
        'my mother aged 68 is having back pain since 10 days and she is not able to pass '
        'urine since morning',
        68, 'emergency', {'bladder_dysfunction': True, 'onset_days': 10}, [],
    ),
    (
        'bak hurts sooo bad cant pee properly since 2day',
        30, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    ('lower bk pain, numb bum, pls help', 44, 'emergency', {'saddle_numbness': True}, []),
    ('hurt me back at footy on the weekend, crook as', 24, 'self_care', {}, []),
    (
        'back is stuffed after lifting the esky, cant feel me bum properly',
        40, 'emergency', {'saddle_numbness': True}, [],
    ),
    (
        'back spasm 2dy after gym, no numbness anywhere, wee ok',
        28, 'self_care', {'saddle_numbness': False, 'bladder_dysfunction': False}, [],
    ),
    (
        "Back pain since 3 days, I'm feeling feverish also",
        35, 'urgent', {'fever': True, 'onset_days': 3}, [],
    ),
    (
        'i cnt feel anything wen i wipe my bum n my bak is killin me',
        40, 'emergency', {'saddle_numbness': True}, [],
    ),
    (
        'Stiff lower back every morning for about an hour, gets better once I start moving '
        'and exercising',
        28, 'routine', {'morning_stiffness': True, 'improves_with_exercise': True}, [],
    ),
    ('Back getting worse every day since Saturday', 45, 'soon', {'worsening': True}, []),
    (
        'Back a lot better than yesterday, still a bit stiff',
        40, 'self_care', {'improving': True}, [],
    ),
    (
        'Desk job, slouch a lot, lower back aches by the end of the day',
        30, 'self_care', {'desk_work': True, 'poor_posture': True}, [],
    ),
    ('Back spasm after hoovering the stairs', 35, 'self_care', {'repetitive_work': True}, []),
    ('my back has been sore for ages, at least 4 months', 50, 'routine', {'onset_days': 120}, []),
    (
        'Pain between my shoulder blades after painting the ceiling',
        40, 'self_care', {'pain_upper_back': True}, [],
    ),
    ('Pulled something in my back at cricket nets', 22, 'self_care', {}, []),
    (
        'Chest pain and my back hurts between the shoulders',
        60, 'emergency', {'chest_pain': True}, [],
    ),
    (
        'Sudden ripping pain through to my back, feel faint',
        70, 'emergency', {'tearing_pain': True}, [],
    ),
    (
        'Pain in my right side coming in waves, back and groin',
        40, 'urgent', {'flank_pain': True}, ['saddle_numbness'],
    ),
    (
        'burning when I pee and lower back ache',
        30, 'soon', {'urinary_symptoms': True}, ['bladder_dysfunction'],
    ),
    (
        'Groin strain from football and my lower back is tight',
        25, 'self_care', {}, ['saddle_numbness'],
    ),
    (
        'back pain, pain in my bum when I sit',
        35, 'self_care', {'pain_buttock_thigh': True}, ['saddle_numbness'],
    ),
    (
        'My bum is sore from sitting all day, back aches too',
        32, 'self_care', {}, ['saddle_numbness'],
    ),
    (
        'I have to get up to wee twice a night, always have. Back pain from lifting.',
        66, 'self_care', {}, ['bladder_dysfunction'],
    ),
    ("I'm a wee bit stiff in the back after the gym", 30, 'self_care', {}, ['bladder_dysfunction']),
    (
        "She's fine, it's me with the bad back. Lifted the kids' trampoline.",
        38, 'self_care', {'lifting': True}, [],
    ),
    (
        "My husband says I should see someone. My back's been sore for 5 days after lifting "
        'the dog.',
        48, 'self_care', {'onset_days': 5}, [],
    ),
    (
        'My wife has MS. I hurt my back carrying her shopping.',
        55, 'self_care', {}, ['multiple_sclerosis'],
    ),
    (
        "Back aching 2 weeks, I'm 45, had a hysterectomy 10 years ago",
        45, 'self_care', {'onset_days': 14}, [],
    ),
    (
        "I've had a bad back on and off for 15 years, this episode started 4 days ago",
        50, 'self_care', {'onset_days': 4, 'recurrent': True}, [],
    ),
    (
        'Lower back pain for a fortnight, my son is 12',
        40, 'self_care', {'onset_days': 14, 'age': 40}, [],
    ),
    (
        'Worried my back pain is a tumour, had it 5 days, no weight loss',
        40, 'self_care', {}, ['cancer_history', 'weight_loss'],
    ),
    (
        'my lower back went last night reaching for the remote, cant stand straight',
        41, 'self_care', {'onset_days': 1}, [],
    ),
    (
        'Numbness in my saddle area since yesterday, back pain',
        50, 'emergency', {'saddle_numbness': True}, [],
    ),
    (
        'Had an accident at work, tripped over a pallet, back sore',
        40, 'self_care', {'minor_trauma': True}, ['bladder_dysfunction', 'bowel_dysfunction'],
    ),
    (
        'Car accident last week and my back still hurts',
        40, 'emergency', {'major_trauma': True}, ['bladder_dysfunction'],
    ),
    (
        "I've lost control of my emotions, so stressed, back is in spasm",
        35, 'self_care', {'stress': True}, ['bladder_dysfunction', 'bowel_dysfunction'],
    ),
    (
        'lost control of the car on ice and hit a wall, back pain',
        30, 'emergency', {'major_trauma': True}, ['bladder_dysfunction', 'bowel_dysfunction'],
    ),
    ('numb from the waist down and back pain', 50, 'emergency', {'leg_symptoms_both': True}, []),
    (
        'back aching and my toes tingle on both feet',
        47, 'emergency', {'leg_symptoms_both': True}, [],
    ),
    (
        "my nan is 79, she sneezed and her back went, she's on steroids for her lungs",
        79, 'soon', {'sudden_onset': True, 'steroid_use': True}, [],
    ),
    (
        "Husband can't feel it when he pees since his back went on Friday",
        50, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        "I'm wetting myself since the back pain started",
        45, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    ('numb around my back passage, back spasm', 40, 'emergency', {'saddle_numbness': True}, []),
    (
        "Back hurts. Worried I might wet myself but haven't so far",
        40, 'self_care', {}, ['bladder_dysfunction'],
    ),
    ('been on the sick for 3 months with my back', 50, 'routine', {'onset_days': 90}, []),
    (
        'Had a hip replacement 2 years ago. Back aching for 3 days.',
        70, 'self_care', {'onset_days': 3}, [],
    ),
    ('Lower back pain x 5 days', 35, 'self_care', {'onset_days': 5}, []),
    (
        'Pain wakes me up every night, back has been bad 6 weeks',
        60, 'soon', {'night_pain': True, 'onset_days': 42}, [],
    ),
    (
        "I've had type 2 diabetes for 15 years and a bad back for a week",
        60, 'self_care', {'onset_days': 7}, [],
    ),
    ('coughed really hard and felt my back go', 68, 'self_care', {'sudden_onset': True}, []),
    (
        "my back has hurt at night for a week and lying down doesn't ease it",
        58, 'soon', {'night_pain': True}, [],
    ),
    (
        "Sometimes I can't tell if I've finished weeing since my back went",
        52, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        "My back is in spasm but what worries me more is I've lost about a stone without "
        'dieting over 2 months',
        63, 'soon', {'weight_loss': True}, [],
    ),
    ('lost 5kg in a month without trying, back pain', 58, 'soon', {'weight_loss': True}, []),
    ('lost 5kg on a diet and now my back aches', 58, 'self_care', {}, ['weight_loss']),
    (
        "I've lost weight because I've been dieting, and my lower back is sore",
        50, 'self_care', {'pain_lower_back': True}, ['weight_loss'],
    ),
    (
        'Sharp mid back pain after a coughing fit, I have osteoporosis',
        72, 'soon', {'sudden_onset': True, 'osteoporosis': True}, [],
    ),
    ('back hurts when I cough', 40, 'self_care', {'worse_with_movement': True}, []),
    (
        "What worries me is that I can't feel my bum when I wipe, my back hurts",
        40, 'emergency', {'saddle_numbness': True}, [],
    ),
    ('what worries me is cauda equina, my back hurts', 40, 'self_care', {}, ['saddle_numbness']),
    ("I can't feel when I pee and my back is sore", 45, 'emergency',
     {'bladder_dysfunction': True}, []),
    ('I can tell when I pee, no problems there, just a stiff back', 45, 'self_care', {},
     ['bladder_dysfunction']),
    ('lower back went, can barely walk, the pain is unbearable and the co-codamol is doing '
     'nothing', 37, 'urgent', {'severe_uncontrolled_pain': True}, []),
    ("My back's been aching for ages, like 2 years, it's just how it is", 55, 'routine',
     {'onset_days': 730}, []),
    ("My lower back has been in spasm since Saturday. I also can't get hard anymore since "
     'then.', 42, 'emergency', {'sexual_dysfunction': True}, []),
    ("can't get up out of bed with my back", 40, 'self_care', {'locking': True},
     ['sexual_dysfunction']),
    ('lower back hurts and when I stand up I feel wobbly and fall over', 63, 'emergency',
     {'balance_problems': True}, []),
    ("back pain with a burning sensation when urinating and I'm going all the time", 38, 'soon',
     {'urinary_symptoms': True}, []),
    ("I'm going to the gym all the time and my back hurts", 30, 'self_care', {},
     ['urinary_symptoms']),
    # The heart's pain felt in the jaw and arm, told without the word "chest".
    ('My back hurts and the pain is spreading to my left arm and jaw, I feel sweaty and sick',
     58, 'emergency', {'chest_pain': True}, []),
    ('pain between my shoulder blades going up into my jaw', 61, 'emergency',
     {'chest_pain': True, 'pain_upper_back': True}, []),
    ('shooting pain down my arm from my neck since I slept funny', 45, 'self_care',
     {'pain_neck': True}, ['chest_pain']),
    ('my jaw aches from grinding my teeth and my lower back is sore', 33, 'self_care', {},
     ['chest_pain']),
    # A relative told about without an apostrophe, or only through what happened to them.
    ("my husbands back went three days ago and now he's got a temperature and his left leg "
     'is numb', 60, 'emergency', {'fever': True, 'leg_numbness_one': True}, []),
    ("Sorry to bother you. My mum (74) has had back pain for three weeks and today she's been "
     "muddled, calling me by my sister's name", 74, 'emergency',
     {'confusion': True, 'onset_days': 21}, []),
    ("My wife fainted this morning after complaining of terrible back pain, she's 64", 64,
     'emergency', {'collapse': True}, []),
    # Questions about a sign the writer does not have.
    ('Could a slipped disc make me incontinent? My back has been aching for a week after '
     'moving boxes', 41, 'self_care', {'onset_days': 7}, ['bladder_dysfunction']),
    ("Is back pain with a fever dangerous? I don't have one, just asking. Back hurts since "
     'yesterday', 33, 'self_care', {'onset_days': 1}, ['fever']),
    ('What would numbness in both legs mean? Right now I only have a sore lower back', 44,
     'self_care', {}, ['leg_symptoms_both']),
    ('what would you suggest for my numb left foot and back pain', 40, 'soon',
     {'leg_numbness_one': True}, []),
    ('is back pain with my numb left foot serious?', 40, 'soon', {'leg_numbness_one': True},
     []),
    # Signs told in plain words.
    ("Back pain four days, and I can't get a proper erection since it started", 44,
     'emergency', {'sexual_dysfunction': True}, []),
    ("Lower back pain for nine days and I've started peeing myself a little when I cough", 51,
     'emergency', {'bladder_dysfunction': True}, []),
    ('lower back pain and I feel sick and keep being sick, pain goes round to my front on the '
     'left, had stones before', 58, 'urgent',
     {'flank_pain': True, 'kidney_stone_history': True}, []),
    ('the pain goes round to the front of my thigh from my lower back', 40, 'self_care', {},
     ['flank_pain']),
    ("I still inject now and then even though I'm on methadone. Back pain for a week, bad",
     35, 'soon', {'iv_drug_use': True}, []),
    ('I inject insulin every day and my back hurts after gardening', 50, 'self_care', {},
     ['iv_drug_use']),
    ("I've been climbing up and down the loft ladder all weekend and now my back aches", 42,
     'self_care', {}, ['sport_overuse']),
    # A possessive typed without its apostrophe still names the relative as the patient.
    ("my husbands back went three days ago and now my husband can't pee", 50, 'emergency',
     {'bladder_dysfunction': True}, []),
    ("my sons back is sore after rugby and my son can't feel his feet", 17, 'emergency',
     {'leg_symptoms_both': True}, []),
    # Very short messages and text-speak.
    ('low back 3 wks. worse.', 45, 'soon', {'worsening': True, 'onset_days': 21}, []),
    ('Back spasm. On pred 10 yrs. Fell off a chair.', 55, 'urgent',
     {'steroid_use': True, 'minor_trauma': True}, ['onset_days']),
    ('sore back. 8 out of ten', 35, 'self_care', {'pain_score': 8}, []),
    ('bck pain 4 wks, gettin wrse evry day', 36, 'soon',
     {'worsening': True, 'onset_days': 28}, []),
    ('hurt my back at wrk, cant fel my foot propa', 29, 'soon', {'leg_numbness_one': True}, []),
    ('bak hurts sooo bad rn, cnt feel my left leg at all', 31, 'soon',
     {'leg_numbness_one': True}, []),
    ('lower back pain n i keep wettin myself', 52, 'emergency',
     {'bladder_dysfunction': True}, []),
    # A warning sign buried in the middle of a long, chatty message.
    ('So it all started when I was helping my sister move flat, lots of boxes and a sofa up '
     'three flights. I have been taking ibuprofen and using a hot water bottle. Oh and when '
     "I go to the loo I can't really tell if I've finished or not, which is a bit odd. "
     "Anyway it's a bit better in the afternoons. Any stretches you'd recommend?",
     41, 'emergency', {'bladder_dysfunction': True}, []),
    ("Long story short, my back's been sore about a week after digging out the veg patch. "
     'Couple of nights this week I woke up drenched and shaking like a leaf, which I put '
     'down to the duvet, but otherwise just the back really.',
     52, 'urgent', {'fever': True}, []),
    ('My lower back has been aching for about three weeks, I drive for a living. My wife '
     "says I look thinner and my belt is on a new notch and I'm not dieting. I'm 61.",
     None, 'soon', {'weight_loss': True, 'age': 61, 'onset_days': 21}, []),
    # Non-native English.
    ('Sir, lower back pain from 2 month, it is paining in night also and not able to sleep',
     50, 'soon', {'night_pain': True, 'onset_days': 60}, []),
    ('Back pain since 2 days and I am not able to hold my motion since morning', 46,
     'emergency', {'bowel_dysfunction': True}, []),
    ('I am having back pain since one month and I am having difficulty in passing urine',
     45, 'emergency', {'bladder_dysfunction': True, 'onset_days': 30}, []),
    # Older people's wording.
    ('At 81 I had a little tumble in the garden on Tuesday and my back has been ever so sore '
     'since', None, 'urgent', {'minor_trauma': True, 'age': 81}, []),
    ('I came over all queer in the kitchen and went down, my back has been giving me gyp '
     'since', 74, 'emergency', {'collapse': True}, []),
    ("Since my back went I can't feel when I need to spend a penny", 72, 'emergency',
     {'bladder_dysfunction': True}, []),
    ('Been a martyr to my back for years but now I keep having little accidents in my '
     'underwear', 69, 'emergency', {'bladder_dysfunction': True}, []),
    ('My legs keep going from under me since my back went, twice this week', 70,
     'emergency', {'leg_weakness_both': True}, []),
    ("The feeling round my back passage isn't right since I hurt my back", 60, 'emergency',
     {'saddle_numbness': True}, []),
    ("My water's been ever so slow since my back went, takes an age to get going", 76,
     'emergency', {'bladder_dysfunction': True}, []),
    ("I've been having trouble with my back passage since I hurt my back, can't always hold "
     'it', 68, 'emergency', {'bowel_dysfunction': True}, []),
    ("I'm 70, missed the last step coming downstairs and jarred my back", None, 'urgent',
     {'minor_trauma': True, 'age': 70}, []),
    ('the scan said my bones are thin and I tripped over the cat on Saturday, back hurts',
     62, 'urgent', {'osteoporosis': True, 'minor_trauma': True}, []),
    # American wording.
    ("Lower back pain for 10 days and now I can't feel when I have a BM", 44, 'emergency',
     {'bowel_dysfunction': True, 'onset_days': 10}, []),
    ("Pain is like a 9/10 and Tylenol isn't doing squat", 37, 'urgent',
     {'pain_score': 9, 'severe_uncontrolled_pain': True}, []),
    ("my wife says I'm walking kinda drunk since my back started hurting last week", 58,
     'emergency', {'balance_problems': True}, []),
    ("I got hit from behind at a red light yesterday, back's stiff", 35, 'emergency',
     {'major_trauma': True}, []),
    ("Went to the ER last night for back spasms, now I can't go #2 or pee right", 40,
     'emergency', {'bladder_dysfunction': True}, []),
    # Time words for the onset.
    ('five weeks on and my back is still no better', 40, 'routine', {'onset_days': 35}, []),
    ("It's been going on since mid-January, roughly 10 weeks", 40, 'routine',
     {'onset_days': 70}, []),
    ("had a fall on the ice 3 days back, I'm 68", None, 'urgent',
     {'minor_trauma': True, 'age': 68, 'onset_days': 3}, []),
    # Pain scores in words, and improvement or worsening told indirectly.
    ('the pain is about a seven today', 40, 'self_care', {'pain_score': 7}, []),
    ("it's a solid 6, worse when I bend", 40, 'self_care', {'pain_score': 6}, []),
    ("I'd put the pain at eight", 40, 'self_care', {'pain_score': 8}, []),
    ("it's about a 9 and nothing I take touches it", 40, 'urgent',
     {'pain_score': 9, 'severe_uncontrolled_pain': True}, []),
    ("my back's loads easier than it was on Monday", 40, 'self_care', {'improving': True},
     ['worsening']),
    ('back sore 6 wks, getting a bit easier each week', 40, 'self_care',
     {'improving': True, 'onset_days': 42}, []),
    ('lower back going from bad to worse', 40, 'soon', {'worsening': True}, []),
    ("back is no better, if anything it's worse", 40, 'soon', {'worsening': True}, []),
    ('my leg just flops when I try to walk since my back went', 47, 'urgent',
     {'leg_weakness_one': True}, []),
    # Look-alikes that must not fire.
    ('I was walking drunk home from the pub and slipped, back sore', 30, 'self_care', {},
     ['balance_problems']),
    ('my legs went from under me on the ice and I landed on my back', 40, 'self_care',
     {'minor_trauma': True}, ['leg_weakness_both']),
    ('dad came over all queer and went down last week, my back aches from lifting him', 45,
     'self_care', {}, ['collapse']),
    ('I look thinner since I started the gym, back sore from deadlifts', 30, 'self_care', {},
     ['weight_loss']),
    ("I'll give it two more days then see the GP about my back", 40, 'self_care', {},
     ['pain_score']),
    ('I work 4 days on, 4 days off on the rigs and my back aches', 40, 'self_care', {},
     ['onset_days']),
    ('came over all dizzy and went over on my ankle, back sore', 50, 'self_care', {},
     ['collapse']),
    ('Wearing flip flops on my foot all summer, back aches', 30, 'self_care', {},
     ['leg_weakness_one']),
    # Third fresh probe: negation in its many forms, conditions that combine, hedged signs.
    (
        'Denies bladder or bowel issues. 52M, low back pain into left buttock for 3 days.',
        None, 'self_care',
        {'age': 52, 'bladder_dysfunction': False, 'bowel_dysfunction': False},
        [],
    ),
    (
        'Denied any trauma. 47F with 2 weeks of low back pain',
        None, 'self_care', {'age': 47, 'onset_days': 14}, [],
    ),
    (
        'Nothing wrong with my waterworks or my bowels, just a stiff sore lower back from moving '
        'house',
        33, 'self_care', {'bladder_dysfunction': False, 'bowel_dysfunction': False}, [],
    ),
    (
        "Numbness around my bum or groin? Not that I've noticed. Just lower back pain after "
        'lifting boxes',
        29, 'self_care', {}, ['saddle_numbness'],
    ),
    (
        "Can't say I've had no trouble peeing - it's been slow to get started since my back went",
        47, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        'Temperature? none. Bladder? fine. Legs? both weak since this morning',
        40, 'emergency', {'leg_weakness_both': True, 'fever': False}, [],
    ),
    (
        "Legs are fine, no fever, but I've not been able to feel myself wee since this morning",
        43, 'emergency', {'bladder_dysfunction': True, 'fever': False}, [],
    ),
    (
        "I can't say my legs are weak, but my left knee keeps buckling since my back went",
        48, 'urgent', {'leg_weakness_one': True}, ['leg_weakness_both'],
    ),
    (
        "bladder's not been right since my back went, can't fully empty it",
        55, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        'Kind of struggling to get my pee started since my back went',
        60, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        'Waterworks not quite right since my back went, it takes ages to start peeing',
        66, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        'It takes ages to get going in the morning, back stiff',
        45, 'self_care', {}, ['bladder_dysfunction'],
    ),
    (
        "My bladder is fine, I just can't empty the dishwasher because of my back",
        40, 'self_care', {}, ['bladder_dysfunction'],
    ),
    (
        'Prostate cancer, on hormone injections. Back pain for a week and my legs feel heavy and '
        'wobbly',
        72, 'emergency', {'cancer_history': True, 'leg_weakness_both': True}, [],
    ),
    (
        'Legs ache and feel heavy when I walk to the shops, I have to stop and lean on the '
        'trolley. Back stiff too.',
        74, 'routine', {'leg_pain_walking': True}, ['leg_symptoms_both'],
    ),
    (
        'My legs are numb and tingly when I walk and my back aches',
        66, 'emergency', {'leg_symptoms_both': True}, [],
    ),
    (
        'My legs feel tired and heavy after a long shift on my feet, lower back aches',
        35, 'self_care', {}, ['leg_pain_walking', 'leg_weakness_both'],
    ),
    (
        'My son is 12 and has had back pain for a week after football',
        None, 'soon', {'age': 12, 'onset_days': 7}, [],
    ),
    (
        "My lad is 13, he's been complaining of lower back pain after gymnastics for two weeks",
        None, 'soon', {'age': 13}, [],
    ),
    (
        "I'm 45 and my son is 12; I hurt my back playing football with him",
        None, 'self_care', {'age': 45}, [],
    ),
    (
        "I've never had cancer, no steroids, no osteoporosis. I fell down two stairs, I'm 50",
        None, 'self_care', {'minor_trauma': True, 'cancer_history': False}, ['major_trauma'],
    ),
    (
        'I fell down a flight of stairs last night and my back is agony',
        40, 'emergency', {'major_trauma': True}, [],
    ),
    (
        "I'm mid way through chemotherapy for breast cancer and my upper back is killing me",
        47, 'urgent', {'cancer_history': True, 'immunosuppressed': True}, [],
    ),
    (
        'went through chemo in 2015 for lymphoma, now back pain',
        55, 'urgent', {'cancer_history': True}, ['immunosuppressed'],
    ),
    (
        'No tingling in my feet, although the left one does feel numb',
        52, 'soon', {'leg_numbness_one': True, 'leg_tingling_one': False}, [],
    ),
    (
        "I don't think I'm numb down below but it does feel a bit odd when I wipe",
        43, 'emergency', {'saddle_numbness': True}, [],
    ),
    (
        "Nope, no bladder problems, though my bum's gone a bit numb",
        48, 'emergency', {'saddle_numbness': True, 'bladder_dysfunction': False}, [],
    ),
    (
        'I might have lost a bit of feeling in my bum cheek, not sure',
        39, 'emergency', {'saddle_numbness': True}, [],
    ),
    (
        "I wouldn't say my legs are weak exactly but they do feel a bit wobbly",
        58, 'emergency', {'leg_weakness_both': True}, [],
    ),
    (
        "Nothing wrong with my bladder but something's not right with my legs, they keep giving "
        'way',
        55, 'emergency', {'leg_weakness_both': True, 'bladder_dysfunction': False}, [],
    ),
    ('Neither leg is numb but both feel weak', 55, 'emergency', {'leg_weakness_both': True}, []),
    (
        "I wouldn't call it numbness in my foot, more of a tingle",
        40, 'routine', {'leg_tingling_one': True}, ['leg_numbness_one'],
    ),
    (
        "I can't say my words properly and my face feels droopy on one side, back ache",
        60, 'emergency', {'stroke_signs': True}, [],
    ),
    (
        "I'm stiff for well over an hour every morning and it eases when I move about",
        26, 'routine', {'morning_stiffness': True, 'improves_with_exercise': True}, [],
    ),
    (
        "Morning stiffness for about 10 minutes then I'm fine, lower back twinges",
        45, 'self_care', {'morning_stiffness': False}, [],
    ),
    (
        'Stiff for a few minutes when I get up, then fine. Lower back twinges',
        50, 'self_care', {}, ['morning_stiffness'],
    ),
    (
        "I've had episodes like this before, this one started yesterday",
        41, 'self_care', {'recurrent': True, 'onset_days': 1}, [],
    ),
    (
        "Is numbness in the groin a sign of something serious? My back hurts but I'm not numb",
        35, 'self_care', {}, ['saddle_numbness'],
    ),
    (
        'Is this numbness in both my legs a sign of something serious? Back is sore too',
        50, 'emergency', {'leg_symptoms_both': True}, [],
    ),
    (
        'Feeling hot and cold and shivery, mid back pain, and pins and needles in my left foot',
        44, 'urgent', {'fever': True, 'leg_tingling_one': True}, [],
    ),
    (
        "My mum's got osteoporosis. I fell off my bike at low speed and bruised my back",
        35, 'self_care', {}, ['osteoporosis'],
    ),
    (
        "I'm 61, sharp pain in my right side under the ribs going round to my back, comes in "
        'waves, never had kidney stones',
        None, 'emergency', {'flank_pain': True, 'kidney_stone_history': False, 'age': 61}, [],
    ),
    (
        "58 year old, pain in my left loin, I've had kidney stones twice before and this feels "
        'the same',
        None, 'urgent', {'flank_pain': True, 'kidney_stone_history': True}, [],
    ),
    # "Over" a span is past it: R1 (more than 28 days, not improving), R5 (recurrent, > 14).
    ('lower back sore for over 4 weeks and not getting any better', 40, 'routine',
     {'onset_days': 29, 'improving': False}, []),
    ("back's gone again, this time it's been over a fortnight, I get these every year", 40,
     'routine', {'recurrent': True, 'onset_days': 15}, []),
    # Fourth probe round: stroke, confusion, lockjaw, breathing, tearing and collapse told in
    # lay words, and their look-alikes; factors and medicine safety; clinicians' notes.
    ("back pain for 2 days and now my right arm won't do what I tell it, can't lift my cup",
     70, 'emergency', {'stroke_signs': True}, ['lifting']),
    ('back went lifting boxes. Woke up and the corner of my mouth is drooping and dribbling',
     52, 'emergency', {'stroke_signs': True, 'lifting': True}, ['bladder_dysfunction']),
    ("back ache 5 days, suddenly can't feel my left arm or left leg", 60, 'emergency',
     {'stroke_signs': True}, []),
    ('weak left arm and leg since my stroke in 2019, now lower back pain for a week', 55,
     'self_care', {'heart_disease': True, 'onset_days': 7}, ['stroke_signs']),
    ('my face went numb at the dentist this morning and now my back is sore from the chair',
     47, 'self_care', {}, ['stroke_signs']),
    ("Dad is 82, back pain since a fall and today he doesn't recognise us and keeps nodding "
     'off', None, 'emergency', {'confusion': True, 'minor_trauma': True, 'age': 82}, []),
    ("lower back pain, I feel foggy and can't think straight since this morning", 67,
     'emergency', {'confusion': True}, []),
    ("lower back went yesterday and the pain is so bad I can't think straight", 40,
     'self_care', {'onset_days': 1}, ['confusion']),
    ("fibro fog again, can't think straight, and my back aches", 52, 'self_care',
     {'fibromyalgia': True}, ['confusion']),
    ("I'm confused about which exercises to do for my lower back", 50, 'self_care',
     {'pain_lower_back': True}, ['confusion']),
    ('stepped on a rusty nail last week, now my back and stomach muscles keep going rigid and '
     'my jaw is clenched shut', 35, 'emergency', {'generalized_spasms': True}, []),
    ("mid back pain and I'm breathing really fast and shallow", 62, 'emergency',
     {'breathing_difficulty': True, 'pain_mid_back': True}, []),
    ('it hurts to take a deep breath, pain in my upper back on the right', 33, 'self_care',
     {'pain_upper_back': True}, ['breathing_difficulty']),
    ('sudden pain in my back like something ripped inside, worst ever', 68, 'emergency',
     {'tearing_pain': True}, []),
    ('back pain and I went dizzy and hit the floor in the kitchen', 71, 'emergency',
     {'collapse': True}, []),
    # Factors: they change the causes and the plan even when the level stays the same.
    ('I work on a checkout and sit for 9 hours a day, lower back tight as anything', 41,
     'self_care', {'desk_work': True, 'muscle_tightness': True}, []),
    ('hypermobile, my back clicks and aches after sitting in lectures all day', 25,
     'self_care', {'desk_work': True}, []),
    ("I'm carrying a lot of extra weight, BMI 36, and my lower back aches after walking", 55,
     'self_care', {'overweight': True}, ['lifting']),
    ("I'm a bit on the heavy side and my back is sore since gardening yesterday", 47,
     'self_care', {'overweight': True, 'repetitive_work': True}, []),
    ('my diet is rubbish, hardly any fruit or veg, and I get back spasms', 42, 'self_care',
     {'poor_diet_minerals': True, 'muscle_tightness': True}, []),
    ('my core is really weak since my c-section, lower back aches', 48, 'self_care',
     {'weak_core': True, 'pain_lower_back': True}, ['leg_weakness_one', 'leg_weakness_both']),
    ("You know when your back just goes? That's me, 41, bent down to pick up a sock.", None,
     'self_care', {'twisting_bending': True, 'age': 41}, ['lifting']),
    ("back was agony on Monday but it's a lot easier today, 3 days in", 39, 'self_care',
     {'improving': True, 'onset_days': 3}, []),
    # Second and third person, and clinicians' shorthand.
    ("Asking for a friend: she's 30, lower back spasm after yoga, otherwise healthy", None,
     'self_care', {'age': 30, 'muscle_tightness': True}, []),
    ('If you had back pain and your legs went numb, would you go to A&E? Asking because '
     "I'm 33 and my back hurts after football", None, 'self_care', {'age': 33},
     ['leg_symptoms_both']),
    ('58M lower back pain, denies saddle anaesthesia, denies urinary retention, bilateral leg '
     'weakness', None, 'emergency',
     {'leg_weakness_both': True, 'saddle_numbness': False, 'bladder_dysfunction': False}, []),
    ('Pt 70yo F, fell from standing 2/7 ago, LBP, on long-term pred', None, 'urgent',
     {'steroid_use': True, 'minor_trauma': True, 'onset_days': 2, 'age': 70}, []),
    ('45M, LBP 3/7, no red flags, SLR neg', None, 'self_care',
     {'onset_days': 3, 'pain_lower_back': True, 'age': 45}, []),
    ('50M LBP x 8/52, not improving, no red flags', None, 'routine',
     {'onset_days': 56, 'improving': False}, []),
    ('appointment on 3/7 for my back, pain 4/10', 40, 'self_care', {'pain_score': 4},
     ['onset_days']),
    # Round 5: everyday words the warning-sign patterns must not catch, and plain words for
    # warning signs they must.
    (
        'The tap in the bathroom has a dribble I keep meaning to fix, lower back aches '
        'since Saturday',
        44, 'self_care', {}, ['bladder_dysfunction'],
    ),
    (
        'The baby dribbles all over me when I carry her and my upper back is stiff',
        31, 'self_care', {}, ['bladder_dysfunction'],
    ),
    (
        'My bum went numb sitting on the hard church pew for two hours, and my back aches',
        62, 'self_care', {}, ['saddle_numbness'],
    ),
    (
        'My bum is numb after sitting on the hard seats at the football, back is a bit sore',
        45, 'self_care', {}, ['saddle_numbness'],
    ),
    (
        'The garden chair collapsed under me, I landed on my bum and my lower back is sore',
        43, 'self_care', {'minor_trauma': True}, ['collapse', 'saddle_numbness'],
    ),
    (
        "Our holiday plans collapsed and I'm stressed, and my back is tight as a drum",
        36, 'self_care', {}, ['collapse'],
    ),
    (
        'I get short of breath after running, as normal for me, and my back is sore from '
        'the run',
        28, 'self_care', {}, ['breathing_difficulty'],
    ),
    (
        'I finished the race out of breath like always and my back is a bit tight',
        35, 'self_care', {}, ['breathing_difficulty'],
    ),
    (
        'The crowd was at fever pitch and I jumped up and down, now my back is sore',
        26, 'self_care', {}, ['fever'],
    ),
    (
        "I'm boiling one minute and freezing the next in this office with the aircon, back "
        'stiff',
        44, 'self_care', {}, ['fever'],
    ),
    (
        "I'm a Cancer star sign, very sensitive, and my back aches after yoga",
        31, 'self_care', {}, ['cancer_history'],
    ),
    (
        "I'm on a diet and lost 5 kg on purpose over two months. Back aches after sitting.",
        44, 'self_care', {}, ['weight_loss', 'onset_days'],
    ),
    (
        "I've been on a diet and dropped a dress size, back sore after lifting",
        45, 'self_care', {}, ['weight_loss'],
    ),
    (
        'The lads went down like a sack of potatoes in the scrum and I hurt my back in the '
        'pile',
        24, 'self_care', {}, ['collapse'],
    ),
    (
        'The pressure on my chest from the baby sleeping on me is lovely but my upper back '
        'aches',
        30, 'self_care', {}, ['chest_pain'],
    ),
    (
        'My legs feel heavy going up the stairs after a long day on my feet, and my back '
        'aches',
        52, 'self_care', {}, ['leg_pain_walking'],
    ),
    (
        "I couldn't feel my legs after the spin class, jelly legs, back a bit sore",
        27, 'self_care', {}, ['leg_symptoms_both', 'leg_weakness_both'],
    ),
    (
        'My arm went numb from the jab, and my back is stiff after sleeping on the sofa',
        40, 'self_care', {}, ['stroke_signs'],
    ),
    (
        "I'm weak at the knees for my new boyfriend, and my back hurts from moving his sofa",
        28, 'self_care', {}, ['leg_weakness_both', 'leg_weakness_one'],
    ),
    (
        'I can only say a few words of French but I bought heat patches for my sore back',
        35, 'self_care', {}, ['breathing_difficulty'],
    ),
    (
        'Nothing has worked out this year, money worries, and my back is tight with stress',
        41, 'self_care', {}, ['severe_uncontrolled_pain'],
    ),
    (
        'The shed roof collapsed in the storm and I strained my back clearing it up',
        52, 'self_care', {}, ['collapse'],
    ),
    (
        'Slept on the floor because of my back and woke up on the floor stiff',
        40, 'self_care', {}, ['collapse'],
    ),
    (
        "I've got a new kidney stone scan booked, separate thing; my back is sore after "
        'gardening',
        46, 'self_care', {}, ['immunosuppressed'],
    ),
    (
        'I sat on a wet bench and my pants are wet from the rain, back sore from gardening',
        50, 'self_care', {}, ['bladder_dysfunction'],
    ),
    (
        "I think I tore a muscle in my back lifting the sofa, it's sore when I bend",
        33, 'self_care', {}, ['tearing_pain'],
    ),
    (
        'Moved a chest of drawers upstairs and my lower back has ached since',
        40, 'self_care', {}, ['chest_pain'],
    ),
    (
        '45F LBP 2/7 after lifting, no red flags, no CES symptoms, SLR neg, neuro intact',
        None, 'self_care', {'age': 45}, ['bladder_dysfunction', 'saddle_numbness'],
    ),
    (
        'No numbness, no weakness, no bladder or bowel problems, no fever, just a sore '
        'lower back',
        50, 'self_care', {'bladder_dysfunction': False, 'fever': False}, [],
    ),
    (
        'Back went on Tuesday and since then I keep finding my knickers damp, never felt '
        'myself go',
        48, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        "My back is agony and I've been trying to wee for ages but nothing will come",
        55, 'emergency', {'bladder_dysfunction': True}, [],
    ),
    (
        "Upper back pain and a weight pressing on my breastbone, I'm clammy",
        63, 'emergency', {'chest_pain': True}, [],
    ),
    (
        'Back pain and I can only say a few words before I have to stop for air',
        59, 'emergency', {'breathing_difficulty': True}, [],
    ),
    (
        'My back was hurting and I went down like a sack of potatoes, woke up on the '
        'bathroom floor',
        72, 'emergency', {'collapse': True}, [],
    ),
    (
        "Dad, 80, sore back, keeps asking the same question and doesn't know what day it is",
        None, 'emergency', {'confusion': True, 'age': 80}, [],
    ),
    (
        "Back aching and I'm sweating buckets at night and shaking under the duvet",
        46, 'urgent', {'fever': True}, [],
    ),
    (
        'Sore lower back, I feel boiling one minute and freezing the next',
        41, 'urgent', {'fever': True}, [],
    ),
    (
        'Back ache and peeing feels like passing razor blades',
        34, 'soon', {'urinary_symptoms': True}, ['bladder_dysfunction'],
    ),
    (
        "I've gone down two dress sizes without trying and my back aches",
        57, 'soon', {'weight_loss': True}, [],
    ),
    (
        'I take tablets to stop my new kidney being rejected and my back hurts',
        49, 'soon', {'immunosuppressed': True}, [],
    ),
    (
        'Came off my motorbike at 50 mph and my back is killing me',
        28, 'emergency', {'major_trauma': True}, [],
    ),
    (
        'Back pain and the outside of my left foot feels like it belongs to someone else',
        40, 'soon', {'leg_numbness_one': True}, [],
    ),
    (
        "I've taken everything in the cupboard and nothing has touched my back pain",
        37, 'urgent', {'severe_uncontrolled_pain': True}, [],
    ),
    # A relative's age told straight after the name, with no "he" or "she" to follow.
    ('Dad, 80, sore back after slipping on a step', None, 'urgent',
     {'minor_trauma': True, 'age': 80}, []),
    ('Mum, 79, bad back since a little fall yesterday', None, 'urgent',
     {'minor_trauma': True, 'age': 79, 'onset_days': 1}, []),
    ('Grandad, 84: back sore since he slipped on the path', None, 'urgent',
     {'minor_trauma': True, 'age': 84}, []),
    ('Mate, 30, sore back after the gym', None, 'self_care', {'age': 30}, []),
    ('My BMs just come out without me knowing since my back went', 52, 'emergency',
     {'bowel_dysfunction': True}, []),
    ("Since my back went I'm walking like I'm drunk and I haven't touched a drop", 57,
     'emergency', {'balance_problems': True}, []),
    ("Had a few drinks, got drunk at a wedding and danced all night, back is sore today", 33,
     'self_care', {}, ['balance_problems']),
    ('My initials are B.M. and my BM trainers are worn out, lower back aches after runs', 27,
     'self_care', {}, ['bowel_dysfunction']),
    ('Carried the filing boxes down the back passage at work and my back is sore now', 49,
     'self_care', {}, ['saddle_numbness', 'bowel_dysfunction']),
    ("I can't feel motivated to do my exercises, back sore since I lifted the kids' bikes", 39,
     'self_care', {}, ['leg_numbness_one', 'saddle_numbness']),
    # Round 6: long messages that move through time, name several people and screen the plan.
    ("I've been on warfarin for about 10 years because of my AF. My back went 3 days ago when "
     "I bent down to feed the cat. I had sciatica in 2015 but that cleared up with physio.",
     68, 'self_care', {'anticoagulant': True, 'heart_disease': True, 'onset_days': 3},
     ['pain_below_knee_one_leg']),
    ("Years ago, when I was in my thirties, I had a slipped disc that made my left leg go numb "
     "for weeks. It settled completely. Now I'm 54 and my lower back has been sore for four "
     "days after digging.",
     None, 'self_care', {'known_disc_problem': True, 'onset_days': 4}, ['leg_numbness_one']),
    ("Last time my back went, about 3 years ago, I lost feeling in my bum and had an MRI, "
     "which was clear. This time it's only the usual low back ache, started 2 days ago.",
     41, 'self_care', {'onset_days': 2}, ['saddle_numbness']),
    ("About a month ago I strained my back deadlifting. That got better after a week. Then 3 "
     "days ago I tweaked it again doing squats.",
     26, 'self_care', {'onset_days': 3, 'recurrent': True}, []),
    ("I'm 58. My back was bad 3 weeks ago after I moved house, then it got better, but for the "
     "last 4 days it's been aching again. It does wake me up sometimes but moving around in "
     "bed eases it.",
     None, 'self_care', {'onset_days': 4}, ['night_pain']),
    ("Had my back go 12 days ago. For the first few days I had tingling down my left leg to "
     "the foot, but that has now gone. Back is still stiff. 39 years old.",
     None, 'self_care', {'onset_days': 12}, ['leg_tingling_one']),
    ("Background: I'm 67, have type 2 diabetes and high blood pressure, and take a baby "
     "aspirin every day. My lower back started aching about six weeks ago.",
     None, 'routine', {'anticoagulant': True, 'heart_disease': True, 'onset_days': 42}, []),
    ("I've had chronic back pain for 20 years from degenerative discs. The last 5 days it's "
     "been much worse after I slipped on ice and getting worse every day.",
     63, 'soon', {'known_arthritis': True, 'worsening': True}, []),
    ("I'm 59 with rheumatoid arthritis on weekly methotrexate. I was on prednisolone for a "
     "flare last month, just a short course which finished. My back has been sore for 6 days "
     "after I slipped on wet leaves.",
     None, 'soon', {'immunosuppressed': True, 'minor_trauma': True}, ['steroid_use']),
    ("I'm 70 and have had a sore back on and off for years. Over the last week it's there all "
     "the time, even lying in bed at night nothing helps, and it's getting worse every day.",
     None, 'soon', {'night_pain': True, 'constant_progressive': True},
     ['severe_uncontrolled_pain']),
    ("I've been taking naproxen for my back for about 2 weeks. Today I noticed my poo was "
     "black and sticky.",
     50, 'self_care', {'stomach_ulcer': True}, []),
    ("I'm 52 and I've had three episodes of low back pain in the past two years. This one "
     "started 3 weeks ago, after I painted the fence, and it's about the same as the others.",
     None, 'routine', {'recurrent': True, 'onset_days': 21}, []),
    ("I'm 34. My back went 3 days ago. The first night I had pins and needles in both feet, "
     "which went by the morning. Now it's just the back.",
     None, 'self_care', {'onset_days': 3}, ['leg_symptoms_both']),
    ("I'm 34. My back went 3 days ago. The first night I had pins and needles in both feet "
     "and they're still tingling now.",
     None, 'emergency', {'leg_symptoms_both': True}, []),
    ("Quick question about my nan, she's 88 and on warfarin. She has had a sore back for 3 "
     "days since she slid off a chair onto the floor.",
     None, 'urgent', {'age': 88, 'anticoagulant': True, 'minor_trauma': True}, []),
    ("Hello, I'm 62 and I had a stroke 4 years ago, which left my left hand a bit weak, that's "
     "not new. My back has been hurting for a week after moving a sofa.",
     None, 'self_care', {'heart_disease': True}, ['stroke_signs']),
    ("My daughter is 14 and plays netball. She's had lower back pain for 3 weeks that is "
     "worse when she leans backwards.",
     None, 'soon', {'age': 14, 'onset_days': 21}, []),
    ("I'm 33 and used to inject heroin but I've been clean for 6 years. My back has been sore "
     "for a week since a fall at work.",
     None, 'self_care', {'minor_trauma': True}, ['iv_drug_use']),
    ("I'm 58. I had a slipped disc 6 years ago, I lost some feeling in my left foot, which "
     "never came back fully. My back went again yesterday.",
     None, 'soon', {'leg_numbness_one': True, 'onset_days': 1}, []),
    # Round 6 non-events and guards.
    ("My back hurts and my left leg tingles, it has now gone down to my foot.", 40, 'routine',
     {'leg_tingling_one': True}, []),
    ("5 years ago, I had back surgery and since yesterday I can't feel my bum when I wipe.", 56,
     'emergency', {'saddle_numbness': True}, []),
    ("I drink heavily, used to drink more. Back sore for 2 days.", 50, 'self_care',
     {'heavy_alcohol': True}, []),
    ("The spasms come in waves, low down in my back. Started yesterday.", 58, 'self_care', {},
     ['flank_pain']),
    ("I'm 47. My husband had a heart attack last year so I do the lifting now. My back has "
     "been sore for 4 days.", None, 'self_care', {}, ['heart_disease']),
    ("My mum keeps telling me I'll end up with osteoporosis like her. I'm 38 and my back has "
     "been stiff for a few days after a spin class.", None, 'self_care', {}, ['osteoporosis']),
    # Round 7: a per-finding sweep, everyday words and plain denials.
    ('Thirty-four year old here, my lower back has been sore since Monday.', None, 'self_care',
     {'age': 34}, []),
    ("I'm nineteen and my lower back hurts after football.", None, 'self_care', {'age': 19}, []),
    ("Back hurt when I was 17 years old, now I'm 40 and it's back.", None, 'self_care',
     {'age': 40}, []),
    ("My lower back is fine, it's higher up that hurts.", 40, 'self_care',
     {'pain_lower_back': False}, []),
    ('Lower back pain, my neck is fine.', 40, 'self_care', {'pain_neck': False}, []),
    ('Lower back pain that spreads into the back of my thigh, stops above the knee.',
     40, 'self_care', {'pain_buttock_thigh': True}, ['pain_below_knee_one_leg']),
    ('Lower back sore after hitting a few buckets of balls at the driving range every day.',
     40, 'self_care', {'sport_overuse': True}, []),
    ('My lower back muscles feel like a rock, really hard.', 40, 'self_care',
     {'muscle_tightness': True}, []),
    ('Any time I move my back flares, getting out of the car is the worst.', 40, 'self_care',
     {'worse_with_movement': True}, []),
    ('At night the back pain is relentless, lying still or turning over makes no difference.',
     40, 'soon', {'night_pain': True}, []),
    ('Lower back pain in the day but I sleep fine at night.', 40, 'self_care',
     {'night_pain': False}, []),
    ("It hurts all the time no matter how I sit or lie, and it's worse each week.", 40, 'soon',
     {'constant_progressive': True}, []),
    ("Lower back pain comes and goes, it's not constant.", 40, 'self_care',
     {'constant_progressive': False}, []),
    ("First time I've ever had back pain like this.", 40, 'self_care', {'recurrent': False}, []),
    ("I've got a fizzy feeling in my right foot along with the back pain.", 40, 'routine',
     {'leg_tingling_one': True}, ['leg_symptoms_both']),
    ('Lower back pain, feeling in my legs is normal.', 40, 'self_care',
     {}, ['leg_symptoms_both', 'leg_numbness_one']),
    ('Lower back pain, nothing going into either leg.', 40, 'self_care',
     {'leg_symptoms_both': False}, []),
    ('Lower back pain and my bits feel numb.', 40, 'emergency', {'saddle_numbness': True}, []),
    ('Back pain and it feels weird, like pins and needles, around my back passage.',
     40, 'emergency', {'saddle_numbness': True}, []),
    ("Since my back went, sitting on the loo feels weird, like I'm sitting on a "
     "cushion I can't feel.",
     45, 'emergency', {'saddle_numbness': True}, []),
    ("Lower back pain and I didn't know I'd wet the bed until I woke up.", 45, 'emergency',
     {'bladder_dysfunction': True}, []),
    ("Back pain, I never noticed I'd soiled myself until I stood up.", 45, 'emergency',
     {'bowel_dysfunction': True}, []),
    ("Back pain. I didn't realise I had peed until I saw the wet patch.", 45, 'emergency',
     {'bladder_dysfunction': True}, []),
    ('I take 10mg of pred daily long term and my lower back aches.', 60, 'self_care',
     {'steroid_use': True}, []),
    ('Lower back pain, my bone density scan was normal.', 60, 'self_care',
     {'osteoporosis': False}, []),
    ('Upper back pain, my breathing is fine.', 55, 'self_care',
     {'breathing_difficulty': False}, []),
    ('Lower back ache, nothing tearing or ripping.', 65, 'self_care', {'tearing_pain': False}, []),
    ('Lower back pain, no lumps or swelling.', 50, 'self_care', {'back_deformity': False}, []),
    ("I don't really exercise at all and my lower back aches.", 40, 'self_care',
     {'sedentary': True}, []),
    ('I probably only have one glass of water a day, back pain.', 40, 'self_care',
     {'low_fluid_intake': True}, []),
    ("Work has been really full on and I'm frazzled, my back is tight.", 40, 'self_care',
     {'stress': True}, []),
    ('I was told my spinal canal is narrowed, and my back aches.', 70, 'self_care',
     {'known_stenosis': True}, []),
    ('My doctor said my discs are degenerating, lower back ache.', 65, 'self_care',
     {'known_arthritis': True}, []),
    ("My kidneys don't work properly and my lower back aches.", 60, 'self_care',
     {'kidney_disease': True}, []),
    ('Lower back pain, my kidneys are healthy.', 60, 'self_care', {'kidney_disease': False}, []),
    ('I have four or five pints every evening, lower back sore.', 50, 'self_care',
     {'heavy_alcohol': True}, []),
    ('Lower back pain and my right foot keeps going to sleep, pins and needles.', 45, 'routine',
     {'leg_tingling_one': True}, []),
    ('My right leg keeps falling asleep when I sit on the toilet, back ache.', 45, 'routine',
     {'leg_tingling_one': True}, ['balance_problems', 'saddle_numbness']),
    ('I used to inject but relapsed last month, and now my back is really sore.', 35, 'soon',
     {'iv_drug_use': True}, []),
    ("Lower back pain, I don't use drugs.", 35, 'self_care', {'iv_drug_use': False}, []),
    ('Back ache and cloudy smelly wee that burns.', 40, 'soon', {'urinary_symptoms': True}, []),
    ('Back pain round to the side, in my kidney area, comes and goes in waves.', 40, 'urgent',
     {'flank_pain': True}, []),
    ("Back pain, my kidney area is fine, it's central.", 40, 'self_care', {}, ['flank_pain']),
    ('Lower back pain that is worst in the small hours and no position helps.', 60, 'soon',
     {'night_pain': True}, []),
    ("I'm up all night with the back pain, it doesn't ease lying down.", 60, 'soon',
     {'night_pain': True}, []),
    ("I've been up all night with the baby, my back aches from rocking her.", 35, 'self_care',
     {}, ['night_pain']),
    ('The back pain is getting steadily worse.', 40, 'soon', {'worsening': True}, []),
    ('Moving around eases my back, resting makes it stiffer.', 30, 'self_care',
     {'improves_with_exercise': True}, []),
    ('Lower back pain, ibuprofen agrees with me fine.', 40, 'self_care',
     {'nsaid_sensitivity': False}, []),
    ("Lower back pain; my job doesn't involve any repetitive bending.", 40, 'self_care',
     {'repetitive_work': False}, []),
    ("Lower back pain, my legs are fine when I walk.", 70, 'self_care',
     {'leg_pain_walking': False}, []),
    ("Lower back spasms, only in my back, not anywhere else.", 40, 'self_care',
     {'generalized_spasms': False}, []),
    # Round 8: emergency wordings and an old injury that "hurts again".
    ('my back is wrecked and i leaked in my pants at work without feeling it', 33, 'emergency',
     {'bladder_dysfunction': True}, []),
    ("My back's sore and I cant hold my wee in anymore", 45, 'emergency',
     {'bladder_dysfunction': True}, []),
    ("Back pain and I pee'd myself when I stood up, didn't feel it.", 50, 'emergency',
     {'bladder_dysfunction': True}, []),
    ('Spilled tea and it leaked into my trousers, back hurts.', 40, 'self_care', {},
     ['bladder_dysfunction']),
    ('I can hold my wee fine, back pain only.', 40, 'self_care', {}, ['bladder_dysfunction']),
    ("Disc trouble, and sitting on the toilet I can't feel the seat.", 42, 'emergency',
     {'saddle_numbness': True}, []),
    ('I sit on the toilet and it eases my back, I can feel everything fine.', 40, 'self_care',
     {}, ['saddle_numbness']),
    ("Bad back and my husband says things don't work below the belt any more.", 58, 'emergency',
     {'sexual_dysfunction': True}, []),
    ("Back pain, and during sex I couldn't feel anything down there.", 32, 'emergency',
     {'sexual_dysfunction': True}, []),
    ('No problems in the bedroom, my back hurts.', 40, 'self_care', {}, ['sexual_dysfunction']),
    ('Since my back went I can barely lift either foot, they drag.', 49, 'emergency',
     {'leg_weakness_both': True}, []),
    ('My feet drag when I am tired after gardening, back aches.', 40, 'self_care', {},
     ['leg_weakness_both']),
    ('I can barely lift my feet off the ground with this back pain, but my legs are fine.', 40,
     'self_care', {}, ['leg_weakness_both']),
    ('Twenty-five years ago I hurt my back, now it hurts again.', 50, 'self_care',
     {'recurrent': True}, ['onset_days']),
    ('Hurt my back 20 years ago, it hurts again.', 50, 'self_care', {'recurrent': True},
     ['onset_days']),
    ('Twenty-five years ago I hurt my back, now it is hurting again since 3 days ago.', 50,
     'self_care', {'onset_days': 3}, []),
    ('My back pain is unbearable even with my painkillers.', 40, 'urgent',
     {'severe_uncontrolled_pain': True}, []),
    ('Back pain was unbearable without painkillers, fine on them now.', 40, 'self_care', {},
     ['severe_uncontrolled_pain']),
    ('My back pain never lets up and is steadily getting worse.', 50, 'soon',
     {'constant_progressive': True}, []),
    ("My back has started to curve and I'm getting a hump.", 60, 'soon',
     {'back_deformity': True}, []),
    ('I got the hump with my boss, back a bit sore.', 40, 'self_care', {}, ['back_deformity']),
    ("My right leg just won't do what I tell it since my back went.", 40, 'urgent',
     {'leg_weakness_one': True}, []),
    # No back symptom named: out of scope, so never self_care (at least routine).
    ('My hip hurts when I walk up stairs.', 40, 'routine', {}, []),
    ('Left hip pain when I lie on that side at night.', 40, 'routine', {}, []),
    ('Sore knee after running, swollen a bit.', 40, 'routine', {}, []),
    ('My shoulder hurts when I lift my arm above my head.', 40, 'routine', {}, []),
    ("My dad's back is bad but I'm writing about my own knee, it clicks and aches.", 40,
     'routine', {}, []),
    ('Groin strain from football, sore when I kick.', 40, 'routine', {}, []),
    ('Heel pain first thing in the morning.', 40, 'routine', {}, []),
    ('My hamstring feels tight after sprinting.', 40, 'routine', {}, []),
    ('Painful big toe joint, red and hot.', 40, 'routine', {}, []),
    ('Jaw aches when I chew.', 40, 'routine', {}, []),
    # A back word beside another complaint keeps the message in scope.
    ('Sore sacrum and knee after a fall.', 40, 'self_care', {}, []),
    ('My hip hurts and my tailbone too.', 40, 'self_care', {}, []),
    # A back said to be well is denied; a past or conditional "fine" is not a denial.
    ('My back is fine but my hip aches.', 40, 'routine', {}, []),
    ('My neck is fine but my shoulder hurts.', 40, 'routine', {'pain_neck': False}, []),
    ('Low back pain for a week, my legs are fine.', 40, 'self_care',
     {'leg_weakness_both': False}, []),
    ('Back pain, it was fine yesterday, today I can\'t feel my bum.', 40, 'emergency',
     {'saddle_numbness': True}, []),
    ("My back hurts. I'm fine otherwise but I've wet myself twice.", 40, 'emergency',
     {'bladder_dysfunction': True}, []),
    ("I can't feel my bum and my legs are fine, sore back.", 40, 'emergency',
     {'saddle_numbness': True}, []),
    ('My back is fine, my hip is fine, but my groin is numb.', 40, 'emergency',
     {'saddle_numbness': True}, []),
    ('Back is okay now but my legs are weak.', 40, 'emergency',
     {'leg_weakness_both': True}, []),
    ('I was fine until I lifted the box, now my back is agony.', 40, 'self_care',
     {'lifting': True}, []),
    # The legs named first, then "both": the new sign is told of the two legs.
    ('Back pain, legs felt fine but now both are numb', 40, 'emergency',
     {'leg_symptoms_both': True}, []),
    ('my legs were fine this morning but now both are weak', 40, 'emergency',
     {'leg_weakness_both': True}, []),
    ('my hands are numb from the cold and my back aches, both are numb', 40, 'self_care', {},
     ['leg_symptoms_both']),
]


# The trained reader is statistical: a retraining moves which of these rows it over-reads, so
# false alarms are held to a budget over the whole table, while a missed sign fails its row.
FALSE_ALARM_BUDGET = 0.04


@pytest.mark.parametrize(("text", "age", "level", "expected", "forbidden"), CASES,
                         ids=[f"m{i:03d}" for i in range(len(CASES))])
def test_a_fresh_message_is_never_read_below_what_a_nurse_would(
    kb: KnowledgeBase, text: str, age: int | None, level: str, expected: dict[str, Any],
    forbidden: list[str],
) -> None:
    result = assess(text=text, age=age, kb=kb)
    findings = dict(result.findings)
    wrong = {k: (v, findings.get(k)) for k, v in expected.items()
             if findings.get(k) != v and not (v is False and findings.get(k) is True)}
    assert not wrong, f"expected (wanted, got): {wrong}"
    assert LEVELS.index(result.level) >= LEVELS.index(level), (
        f"{result.level} (wanted {level}); findings {findings}")


def test_false_alarms_on_fresh_messages_stay_within_budget(kb: KnowledgeBase) -> None:
    over_read = []
    for number, (text, age, level, _, forbidden) in enumerate(CASES):
        result = assess(text=text, age=age, kb=kb)
        findings = dict(result.findings)
        spurious = [
            k for k in forbidden
            if (k in NUMERIC and k in findings) or (k not in NUMERIC and findings.get(k) is True)
        ]
        if spurious or result.level != level:
            over_read.append(f"m{number:03d}: {result.level} (wanted {level}), set {spurious}")
    assert len(over_read) <= FALSE_ALARM_BUDGET * len(CASES), "\n".join(over_read)


def test_the_table_is_varied_enough() -> None:
    assert len(CASES) >= 60
    assert {level for _, _, level, _, _ in CASES} == set(LEVELS)
