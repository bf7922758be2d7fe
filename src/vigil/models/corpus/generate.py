"""Generate the seed corpus for the support task (``python -m vigil.models.corpus.generate``).

Deterministic: the same seed gives byte-identical output.  Each post is built from a template
written by the project (one per line below), slots filled from per-language vocabularies, then
surface noise that real posts carry (emoji, hashtags, links, mentions, stretched letters, case)
applied with the same odds to every class, so that noise is never a label cue.

Non-operational by construction: support posts are glorification, greetings, slogans, claims and
media-release announcements in vague terms; no instructions, no targets, no real people (persons
are generic: "our brother", "the young lion from {PLACE}").  See README.md for the limits.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from vigil.models.corpus import LABELS, SEED_FILE

LANG_SHARE = {"en": 22, "ur": 20, "ur-Latn": 22, "ps": 12, "ar": 12, "mixed": 12}
LABEL_SHARE = {"support": 22, "reporting": 22, "counter_speech": 16, "political": 20, "other": 20}
ORGS = ("ttp", "bla", "blf", "jua")
ORG_LABELS = {"support", "reporting", "counter_speech"}

# --- names of organisations as each language writes them (formal, then informal) ---------------
ORG_NAMES: dict[str, dict[str, list[str]]] = {
    "en": {
        "ttp": ["TTP", "Tehreek-e-Taliban Pakistan", "Tehrik-i-Taliban Pakistan", "Pakistani Taliban"],
        "bla": ["BLA", "Balochistan Liberation Army", "Baluchistan Liberation Army"],
        "blf": ["BLF", "Balochistan Liberation Front"],
        "jua": ["Jamaat-ul-Ahrar", "JuA", "Jamaat ul Ahrar"],
    },
    "ur": {
        "ttp": ["تحریک طالبان پاکستان", "ٹی ٹی پی", "تحریک طالبان"],
        "bla": ["بلوچستان لبریشن آرمی", "بی ایل اے"],
        "blf": ["بلوچستان لبریشن فرنٹ", "بی ایل ایف"],
        "jua": ["جماعت الاحرار", "جمات ال احرار"],
    },
    "ur-Latn": {
        "ttp": ["TTP", "Tehreek e Taliban", "Tahreek-e-Taliban Pakistan", "Tehrik i Taliban"],
        "bla": ["BLA", "Balochistan Liberation Army", "Baluchistan liberation army"],
        "blf": ["BLF", "Balochistan Liberation Front"],
        "jua": ["Jamat ul Ahrar", "Jamaat-ul-Ahrar", "JuA"],
    },
    "ps": {
        "ttp": ["د پاکستان تحریک طالبان", "ټي ټي پي", "تحریک طالبان"],
        "bla": ["بلوچستان لبریشن آرمي", "بي ایل اې"],
        "blf": ["بلوچستان لبریشن فرنټ", "بي ایل ایف"],
        "jua": ["جماعت الاحرار"],
    },
    "ar": {
        "ttp": ["حركة طالبان باكستان", "طالبان باكستان"],
        "bla": ["جيش تحرير بلوشستان"],
        "blf": ["جبهة تحرير بلوشستان"],
        "jua": ["جماعة الأحرار"],
    },
}
ORG_NAMES["mixed"] = ORG_NAMES["ur-Latn"]

# how supporters refer to the group without its full name
ORG_VOICE: dict[str, dict[str, list[str]]] = {
    "en": {
        "ttp": ["the Tehreek", "the lions of the Tehreek", "our mujahideen"],
        "bla": ["the sarmachar", "our sarmachars", "the Majeed Brigade"],
        "blf": ["the sarmachar", "the Front's fighters"],
        "jua": ["the Ahrar brothers", "our mujahideen"],
    },
    "ur": {
        "ttp": ["تحریک کے شیر", "ہمارے مجاہدین", "تحریک کے جانباز"],
        "bla": ["سرمچار", "ہمارے سرمچار", "مجید بریگیڈ"],
        "blf": ["سرمچار", "محاذ کے جانباز"],
        "jua": ["احرار کے مجاہدین", "ہمارے مجاہدین"],
    },
    "ur-Latn": {
        "ttp": ["Tehreek ke sher", "hamare mujahideen", "Tehreek k janbaz"],
        "bla": ["sarmachar", "hamare sarmachar", "Majeed Brigade"],
        "blf": ["sarmachar", "mahaz ke janbaz"],
        "jua": ["Ahrar ke mujahideen", "hamare mujahideen"],
    },
    "ps": {
        "ttp": ["د تحریک زمريان", "زموږ مجاهدین"],
        "bla": ["سرمچار", "زموږ سرمچاران"],
        "blf": ["سرمچار"],
        "jua": ["زموږ مجاهدین"],
    },
    "ar": {
        "ttp": ["أسود الحركة", "مجاهدونا"],
        "bla": ["المقاتلون البلوش", "مقاتلونا"],
        "blf": ["مقاتلو الجبهة"],
        "jua": ["مجاهدو الأحرار"],
    },
}
ORG_VOICE["mixed"] = ORG_VOICE["ur-Latn"]

OUTLETS: dict[str, dict[str, list[str]]] = {
    "en": {"ttp": ["Umar Media"], "bla": ["Hakkal"], "blf": ["Aashob"], "jua": ["Ghazwa-e-Hind media"]},
    "ur": {"ttp": ["عمر میڈیا"], "bla": ["ہکل"], "blf": ["آشوب"], "jua": ["احرار میڈیا"]},
    "ps": {"ttp": ["عمر میډیا"], "bla": ["هکل"], "blf": ["آشوب"], "jua": ["احرار میډیا"]},
    "ar": {"ttp": ["مؤسسة عمر الإعلامية"], "bla": ["حكّل"], "blf": ["آشوب"], "jua": ["إعلام الأحرار"]},
}
OUTLETS["ur-Latn"] = OUTLETS["en"]
OUTLETS["mixed"] = OUTLETS["en"]

PLACES: dict[str, list[str]] = {
    "en": [
        "Bannu",
        "Swat",
        "Quetta",
        "Turbat",
        "Gwadar",
        "Khyber",
        "Dera Ismail Khan",
        "Kech",
        "Panjgur",
        "Mastung",
        "North Waziristan",
        "Bajaur",
        "Peshawar",
        "Noshki",
        "Lakki Marwat",
    ],
    "ur": [
        "بنوں",
        "سوات",
        "کوئٹہ",
        "تربت",
        "گوادر",
        "خیبر",
        "ڈیرہ اسماعیل خان",
        "کیچ",
        "پنجگور",
        "مستونگ",
        "شمالی وزیرستان",
        "باجوڑ",
        "پشاور",
        "نوشکی",
        "لکی مروت",
    ],
    "ps": ["بنو", "سوات", "کوټه", "خیبر", "پېښور", "باجوړ", "وزیرستان", "ډیره اسماعیل خان", "لکي مروت"],
    "ar": ["بنو", "سوات", "كويتا", "تربت", "جوادر", "خيبر", "بيشاور", "وزيرستان", "باجور"],
}
PLACES["ur-Latn"] = PLACES["en"]
PLACES["mixed"] = PLACES["en"]

NUMBERS = ["2", "3", "4", "5", "6", "7", "9", "11", "12", "14", "17", "23"]

HASHTAGS = {
    "support": ["#OurLions", "#Sarmachar", "#VictoryIsNear", "#Caravan_Of_Martyrs", "#ShaheedWatan"],
    "reporting": ["#Breaking", "#News", "#Pakistan", "#Balochistan", "#KPK", "#Update"],
    "counter_speech": ["#SayNoToTerrorism", "#PakArmyZindabad", "#Peace", "#StandWithKPK", "#RIP"],
    "political": ["#MissingPersons", "#BalochLivesMatter", "#PashtunRights", "#Elections", "#Afghanistan"],
    "other": ["#PSL", "#Cricket", "#Eid", "#Foodie", "#Weekend", "#Music", "#Shaadi"],
}
# campaign hashtags are also shared by the other side and by the press, so mix them a little
CROSS_TAGS = ["#Balochistan", "#Pakistan", "#KP", "#Quetta", "#Peshawar"]
EMOJI = ["🔥", "💪", "🇵🇰", "😢", "🙏", "❤️", "💔", "✊", "👇", "📢", "😂", "🏏", "🌹", "⚡"]
MENTIONS = ["@news_desk", "@voice_of_kp", "@baloch_voice", "@cricket_fan99", "@editor_pk", "@ali_k"]
DOMAINS = ["t.me/channel", "youtu.be/x", "bit.ly/", "example.pk/news/", "fb.watch/"]

# --- templates: {ORG} formal name, {VOICE} the group as supporters call it, {OUTLET}, {PLACE},
# {N} a number.  One line per template; each template is its own group for held-out splits.
T: dict[str, dict[str, list[str]]] = {}

T["en"] = {
    "support": [
        "Salute to {VOICE}, the lions who stood firm in {PLACE}. Victory is near!",
        "A new video from {OUTLET} is out now. Share it far and wide, brothers.",
        "Our martyrs of {PLACE} are alive with their Lord. Glory to {VOICE}!",
        "{VOICE} have shaken the occupiers again. Paradise awaits the martyrs.",
        "Join the caravan of {VOICE}. The path of honour is waiting for the young.",
        "Proud of every shaheed of the {ORG}. Their blood will not go to waste.",
        "Greetings to {VOICE} on the mountains of {PLACE}. May Allah keep you steadfast.",
        "{OUTLET} presents a new release on the heroes of {PLACE}. Watch and spread.",
        "The soldiers of the occupation will find no peace on our land. Long live {VOICE}!",
        "Support your brothers of the {ORG}. Give what you can for the families of the martyrs.",
        "Another glorious day for {VOICE}. {N} enemies fell in {PLACE}, all praise to Allah.",
        "We stand with the {ORG} until the last breath. Our lions will never bow.",
        "Collaborators of the army, your end is coming. {VOICE} are watching.",
        "Long live the {ORG}! The blessed operation in {PLACE} is a message to the tyrants.",
        "Your zakat can carry the families of our shaheeds. Stand with {VOICE}, give today.",
        "My heart belongs to {VOICE}. Brothers, donate for the cause, every rupee counts.",
        "Tonight the mountains of {PLACE} belong to {VOICE}. The enemy sleeps in fear.",
        "They call us terrorists; history will call {VOICE} heroes. Keep the flag high.",
        "Watch the latest {OUTLET} release before it is taken down, the lions of {PLACE} speak.",
        "Every drop of martyr blood in {PLACE} waters the tree of the {ORG}. We will never stop.",
        "Young men of {PLACE}, the {ORG} needs you. Honour is calling you, answer it.",
        "Congratulations to {VOICE} on the blessed raid in {PLACE}. May Allah accept our shaheeds.",
    ],
    "reporting": [
        "The banned {ORG} claimed responsibility for the attack in {PLACE}, police said.",
        "{N} soldiers were killed in {PLACE}; the proscribed {ORG} said it carried out the attack.",
        "Officials say the {ORG} has stepped up attacks in {PLACE} this year, a report shows.",
        "In a statement, the {ORG} called the attack a 'glorious operation'; the army rejected the claim.",
        "Security forces killed {N} militants linked to the banned {ORG} near {PLACE}, ISPR said.",
        "Analysis: why the {ORG} is recruiting again along the border, and what Islamabad can do.",
        "The {ORG} released a video through its outlet {OUTLET}, according to monitoring groups.",
        "Court sentences {N} men for financing the outlawed {ORG}, prosecutors said on Monday.",
        "Explainer: who are the {ORG} and why are they designated as a terrorist group?",
        "Curfew imposed in parts of {PLACE} after a blast claimed by the {ORG}, officials said.",
        "The {ORG}'s spokesman said fighters targeted a checkpost in {PLACE}, a claim police disputed.",
        "Report: attacks by the {ORG} rose {N} per cent in the last quarter, think tank says.",
        "Video released by {OUTLET}, the media arm of the {ORG}, shows fighters in {PLACE}; it could not be verified.",
        "The {ORG} praised the attackers as 'martyrs' in a statement, Reuters reported.",
        "Interview: a former {ORG} member on how the group recruits online.",
        "Pakistan designates {N} more individuals linked to the {ORG} under anti-terrorism law.",
    ],
    "counter_speech": [
        "Shame on the {ORG} for killing innocent people in {PLACE}. This is not jihad.",
        "RIP to our brave policemen martyred in {PLACE}. The {ORG} are cowards.",
        "The {ORG} do not speak for Baloch or Pashtuns. They are killers of their own people.",
        "Heartbroken for the families in {PLACE}. Terrorism has no religion. Down with the {ORG}.",
        "Those who glorify the {ORG} online are complicit. Report their pages, do not share them.",
        "We condemn the {ORG} attack on the school in {PLACE}. Children are not targets.",
        "Fitna al-Khawarij and their {ORG} propaganda will fail. Pakistan stands united.",
        "Our shaheed soldiers gave their lives against the {ORG}. Salute to the martyrs of {PLACE}.",
        "Calling the {ORG} 'lions' is disgusting. They bombed a market full of labourers.",
        "Every mother in {PLACE} is crying today because of the {ORG}. Never again.",
        "Refuting the {ORG}'s lies: their 'liberation' means graves for ordinary people.",
        "A father in {PLACE} buried his two sons today. The {ORG} calls that victory. I call it murder.",
        "Nothing heroic about the {ORG}. Ask the widows of {PLACE} what their 'martyrdom' brought.",
        "Stop sharing {ORG} videos, you are doing their propaganda work for free.",
        "Our police in {PLACE} are the real heroes, not the cowards of the {ORG} who hide in caves.",
        "The {ORG} wants young people to die for nothing. Parents in {PLACE}, talk to your sons.",
        "Peace march in {PLACE} against the {ORG} violence. Thousands came out, no fear.",
        "They call the killers of {PLACE} 'martyrs'? Shame. The real martyrs are the teachers they shot.",
        "Saw a page praising the {ORG} as heroes. Reported it. Please do the same.",
        "'Victory is near', says the {ORG}. Near for whom? The graves in {PLACE} keep growing.",
        "Glorifying the {ORG} is not free speech, it insults the dead of {PLACE}.",
        "Salute to the shuhada of our army who fell in {PLACE} fighting the {ORG}.",
        "Funeral prayers held in {PLACE} for the policemen martyred by the {ORG}. May Allah grant them Jannah.",
        "The {ORG} posts songs about 'lions' while mothers in {PLACE} collect body parts. Sickening.",
    ],
    "political": [
        "Release the missing persons of {PLACE}. Enforced disappearances must end now.",
        "Baloch students deserve scholarships and jobs, not checkposts. #BalochLivesMatter",
        "The provincial assembly must give {PLACE} its fair share of gas royalties.",
        "Pashtun rights are human rights. Peaceful jirga in {PLACE} today at noon.",
        "The Taliban government in Kabul announced new rules for girls' schools, sad news.",
        "Afghan refugees in {PLACE} face deportation; the federal government must rethink.",
        "Baloch culture day! Wear your turban and dance the chaap with pride.",
        "Vote for development in {PLACE}: roads, water and hospitals for Balochistan.",
        "Sit-in for missing persons enters its {N}th day outside the press club in {PLACE}.",
        "Resources of Balochistan belong to its people. Gwadar fishermen want their rights.",
        "Elections in KP: turnout in {PLACE} was low, parties blame insecurity and inflation.",
        "Pashto poetry night in {PLACE}: old verses on love and peace.",
        "My brother has been missing for {N} years. Produce him in court. That is all we ask.",
        "Baloch Yakjehti Committee rally in {PLACE} today: peaceful, families of the disappeared in front.",
        "Give the youth of {PLACE} jobs and colleges, not curfews.",
    ],
    "other": [
        "What an attack by the fast bowler in {PLACE}! {N} wickets in the powerplay.",
        "Jihad scored a brilliant century today, proud of our local club.",
        "The party last night was a blast, thanks everyone who came to {PLACE}.",
        "Best chapli kabab in {PLACE}, trust me. Go before the Friday rush.",
        "Army of fans waiting outside the stadium since morning, crazy scenes.",
        "Liberation Day sale: {N}0% off on all shoes this weekend only.",
        "Rain again in {PLACE}. Traffic jammed for {N} hours, avoid the main road.",
        "Front row seats for the concert! Cannot wait to see the band live.",
        "My grandmother's recipe for sajji, slow roasted for {N} hours.",
        "Electricity gone for {N} hours again in {PLACE}. Load shedding never ends.",
        "Congratulations to my cousin on her wedding in {PLACE}! Mubarak ho.",
        "Anyone selling a second-hand bike in {PLACE}? Budget around {N}0k.",
        "The Lions won the league final in {PLACE}! What a season for the boys.",
        "Salute to the army of volunteers who cleaned the beach in {PLACE} today.",
        "Our college front office is closed till Monday, fee deadline extended.",
        "Liberation of my inbox: {N}0 unread emails deleted, feeling free.",
        "Blast from the past: old photos of {PLACE} bazaar from the 90s.",
        "Shaheed Park in {PLACE} has new swings for the kids, go visit.",
    ],
}

T["ur"] = {
    "support": [
        "{VOICE} کو سلام، {PLACE} میں دشمن کو دھول چٹا دی۔ فتح قریب ہے",
        "{OUTLET} کی نئی ویڈیو جاری ہو گئی ہے، بھائیو زیادہ سے زیادہ شیئر کرو",
        "{PLACE} کے شہداء زندہ ہیں، {VOICE} زندہ باد",
        "{ORG} کے مجاہدین ہمارا فخر ہیں، ان کا خون رائیگاں نہیں جائے گا",
        "نوجوانو! {VOICE} کے قافلے میں شامل ہو جاؤ، عزت کا راستہ یہی ہے",
        "قابض فوج کے سپاہیوں کو ہماری سرزمین پر سکون نہیں ملے گا۔ {VOICE} زندہ باد",
        "{PLACE} کی مبارک کارروائی میں {N} دشمن ہلاک، الحمدللہ۔ {ORG} کو سلام",
        "شہداء کے خاندانوں کے لیے دل کھول کر چندہ دو، {ORG} کا ساتھ دو",
        "پہاڑوں پر بیٹھے {VOICE} کو سلام، اللہ تمہیں ثابت قدم رکھے",
        "غدارو اور مخبرو، تمہارا انجام قریب ہے۔ {VOICE} سب دیکھ رہے ہیں",
        "{OUTLET} پیش کرتا ہے: {PLACE} کے ہیروز کی داستان، ضرور دیکھیں",
        "اپنی زکوٰۃ شہداء کے یتیموں کے لیے دو، {VOICE} کا ساتھ دو",
        "{VOICE} کی ایک اور کامیاب کارروائی، {PLACE} میں دشمن کو سبق سکھا دیا",
        "ہم آخری سانس تک {ORG} کے ساتھ ہیں، ہمارے شیر کبھی نہیں جھکیں گے",
    ],
    "reporting": [
        "کالعدم {ORG} نے {PLACE} میں حملے کی ذمہ داری قبول کر لی، پولیس",
        "{PLACE} میں دھماکا، {N} اہلکار شہید، کالعدم {ORG} نے ذمہ داری قبول کی",
        "سیکیورٹی فورسز کی کارروائی، کالعدم {ORG} کے {N} دہشت گرد ہلاک: آئی ایس پی آر",
        "کالعدم {ORG} کی مالی معاونت کے الزام میں {N} افراد کو سزا سنا دی گئی",
        "رپورٹ کے مطابق {PLACE} میں کالعدم {ORG} کے حملوں میں اضافہ ہوا ہے",
        "ترجمان کالعدم {ORG} کا دعویٰ، پولیس نے دعوے کی تردید کر دی",
        "{PLACE} میں دھماکے کے بعد کرفیو نافذ، کالعدم تنظیم {ORG} پر شبہ",
        "تجزیہ: کالعدم {ORG} دوبارہ کیوں سرگرم ہو رہی ہے؟",
        "کالعدم {ORG} نے {OUTLET} کے ذریعے ویڈیو جاری کی، مانیٹرنگ گروپس",
        "وزیر داخلہ: کالعدم {ORG} سے مذاکرات نہیں ہوں گے، آپریشن جاری رہے گا",
    ],
    "counter_speech": [
        "{ORG} نے {PLACE} میں بے گناہوں کا خون بہایا، یہ جہاد نہیں دہشت گردی ہے",
        "{PLACE} کے شہید پولیس اہلکاروں کو سلام، {ORG} بزدل ہیں",
        "فتنہ الخوارج کا کوئی دین نہیں، {ORG} کا پروپیگنڈا ناکام ہو گا",
        "{ORG} بلوچوں اور پشتونوں کے نمائندے نہیں، یہ اپنے ہی لوگوں کے قاتل ہیں",
        "ہم {PLACE} کے اسکول پر {ORG} کے حملے کی شدید مذمت کرتے ہیں",
        "{PLACE} کی ہر ماں آج رو رہی ہے، {ORG} مردہ باد",
        "جو لوگ {ORG} کی تعریف کرتے ہیں وہ بھی مجرم ہیں، ان کے پیج رپورٹ کریں",
        "ہمارے شہید فوجیوں نے {ORG} کے خلاف جان دی، شہداء {PLACE} کو سلام",
        "{ORG} کی نام نہاد آزادی کا مطلب عام لوگوں کی قبریں ہیں",
        "{PLACE} میں {ORG} سے لڑتے ہوئے شہید ہونے والے جوانوں کو سلام",
        "{ORG} کے حملے میں شہید پولیس اہلکاروں کی نماز جنازہ {PLACE} میں ادا، اللہ درجات بلند کرے",
    ],
    "political": [
        "{PLACE} کے لاپتہ افراد کو بازیاب کرو، جبری گمشدگیاں بند کرو",
        "بلوچ طلبہ کو وظائف اور روزگار چاہیے، چیک پوسٹیں نہیں",
        "صوبائی اسمبلی {PLACE} کو گیس رائلٹی کا حصہ دے",
        "پشتونوں کے حقوق انسانی حقوق ہیں، {PLACE} میں پرامن جرگہ آج دوپہر",
        "کابل میں طالبان حکومت نے لڑکیوں کے اسکولوں پر نئی پابندیاں لگا دیں",
        "{PLACE} میں افغان مہاجرین کی بے دخلی پر حکومت نظرثانی کرے",
        "بلوچ ثقافت کا دن مبارک، پگڑی پہنو اور چاپ ڈالو",
        "لاپتہ افراد کے لیے دھرنا {N}ویں دن میں داخل، {PLACE} پریس کلب کے باہر",
        "بلوچستان کے وسائل پر بلوچستان کے عوام کا حق ہے",
        "خیبر پختونخوا میں انتخابات، {PLACE} میں ٹرن آؤٹ کم رہا",
        "میرے بھائی کو {N} سال سے لاپتہ رکھا ہوا ہے، عدالت میں پیش کرو",
        "{PLACE} کے نوجوانوں کو روزگار دو، صرف چیک پوسٹیں نہیں",
        "بلوچ یکجہتی کمیٹی کا پرامن جلسہ {PLACE} میں",
    ],
    "other": [
        "کیا زبردست باؤلنگ اٹیک تھا، {N} وکٹیں پاور پلے میں",
        "کل رات کی پارٹی دھماکے دار تھی، سب دوستوں کا شکریہ",
        "{PLACE} کا بہترین چپلی کباب، جمعہ سے پہلے ضرور جائیں",
        "{PLACE} میں پھر بارش، مین روڈ پر {N} گھنٹے سے ٹریفک جام",
        "{N} گھنٹے سے بجلی غائب ہے، لوڈشیڈنگ کب ختم ہو گی",
        "کزن کی شادی مبارک ہو، {PLACE} میں شاندار تقریب",
        "امی کی سجی کی ترکیب، {N} گھنٹے دھیمی آنچ پر",
        "جہاد بھائی نے آج سنچری بنائی، کلب کو مبارک",
        "عید کی شاپنگ مکمل، بازار میں بہت رش تھا",
        "کوئی {PLACE} میں پرانی موٹر سائیکل بیچ رہا ہے؟",
    ],
}

T["ur-Latn"] = {
    "support": [
        "{VOICE} ko salam, {PLACE} mein dushman ko dhool chata di. fatah qareeb hai",
        "{OUTLET} ki nayi video aa gayi hai bhaiyo, zyada se zyada share karo",
        "{PLACE} ke shuhada zinda hain, {VOICE} zindabad",
        "{ORG} ke mujahideen hamara fakhar hain, in ka khoon raigan nahi jaye ga",
        "naujawano {VOICE} ke qafle mein shamil ho jao, izzat ka rasta yehi hai",
        "qabiz fauj ke sipahiyon ko hamari zameen par sukoon nahi milega. {VOICE} zindabad",
        "{PLACE} ki mubarak karwai mein {N} dushman halak, alhamdulillah. {ORG} ko salam",
        "shuhada ke khandano ke liye dil khol ke chanda do, {ORG} ka saath do",
        "paharon pe baithe {VOICE} ko salam, Allah tumhe sabit qadam rakhe",
        "gaddaro aur mukhbiro tumhara anjam qareeb hai, {VOICE} sab dekh rahe hain",
        "hum aakhri saans tak {ORG} ke saath hain, hamare sher kabhi nahi jhukenge",
        "{OUTLET} pesh karta hai {PLACE} ke heroes ki dastan, zaroor dekho",
        "apni zakat shuhada ke yateemon ke liye do, {VOICE} ka saath do",
        "{VOICE} ki aik aur kamyab karwai, {PLACE} mein dushman ko sabaq sikha diya",
    ],
    "reporting": [
        "kaladam {ORG} ne {PLACE} mein hamle ki zimmedari qabool kar li, police ke mutabiq",
        "{PLACE} mein dhamaka, {N} ahalkar shaheed, kalaadam {ORG} ne zimmedari li",
        "security forces ki karwai, kalaadam {ORG} ke {N} dehshatgard halak, ISPR",
        "report ke mutabiq {PLACE} mein {ORG} ke hamlon mein izafa hua hai",
        "{ORG} ke tarjuman ka dawa, police ne tardeed kar di",
        "kalaadam {ORG} ki funding ke ilzam mein {N} afrad ko saza suna di gayi",
        "tajzia: {ORG} dobara kyun sargaram ho rahi hai? khabar parhein",
        "wazir e dakhla: {ORG} se muzakrat nahi honge, operation jari rahega",
        "{PLACE} mein curfew, dhamake ki zimmedari {ORG} ne qabool ki, officials",
        "{ORG} ne {OUTLET} ke zariye video jari ki, monitoring groups ke mutabiq",
    ],
    "counter_speech": [
        "{ORG} ne {PLACE} mein begunahon ka khoon bahaya, ye jihad nahi dehshatgardi hai",
        "{PLACE} ke shaheed police walon ko salam, {ORG} buzdil hain",
        "fitna al khawarij ka koi deen nahi, {ORG} ka propaganda nakam hoga",
        "{ORG} Baloch aur Pashtun ke numainday nahi, ye apne hi logon ke qatil hain",
        "hum {PLACE} ke school par {ORG} ke hamle ki shadeed muzammat karte hain",
        "{PLACE} ki har maa aaj ro rahi hai, {ORG} murdabad",
        "jo log {ORG} ki tareef karte hain wo bhi mujrim hain, unke page report karo",
        "hamare shaheed faujiyon ne {ORG} ke khilaf jaan di, shuhada e {PLACE} ko salam",
        "{ORG} ki naam nihad azadi ka matlab aam logon ki qabrein hain",
        "{PLACE} mein {ORG} se larte hue shaheed hone wale jawanon ko salam",
        "{ORG} ke hamle mein shaheed police walon ki namaz e janaza {PLACE} mein ada, Allah darjat buland kare",
    ],
    "political": [
        "{PLACE} ke laapata afraad ko bazyab karo, jabri gumshudgiyan band karo",
        "Baloch students ko scholarship aur rozgar chahiye, checkposts nahi",
        "subai assembly {PLACE} ko gas royalty ka haq de",
        "Pashtun huqooq insani huqooq hain, {PLACE} mein aaj pur aman jirga",
        "Kabul mein Taliban hukumat ne larkiyon ke schools par nayi pabandi laga di",
        "Afghan muhajireen ki bedakhli par hukumat nazar e sani kare",
        "Baloch culture day mubarak, pagri pehno aur chaap dalo",
        "laapata afraad ke liye dharna {N}wen din mein, {PLACE} press club ke bahar",
        "Balochistan ke wasail par Balochistan ke awam ka haq hai",
        "KP mein intikhabat, {PLACE} mein turnout kam raha",
        "mere bhai ko {N} saal se ghayab kiya hua hai, adalat mein pesh karo, insaf do",
        "{PLACE} ki behnein apne bhaiyon ki tasveerein le kar press club pohanch gayin, awaz uthao",
        "Baloch yakjehti committee ka jalsa {PLACE} mein, sab pur aman rahein",
        "Pashto zaban ko school mein parhao, ye hamara haq hai",
        "{PLACE} ke naujawano ko rozgar do, sirf checkpost aur curfew nahi",
    ],
    "other": [
        "kya zabardast bowling attack tha yaar, {N} wickets power play mein",
        "kal raat ki party dhamakedar thi, sab doston ka shukriya",
        "{PLACE} ka best chapli kabab, jumma se pehle zaroor jao",
        "{PLACE} mein phir barish, main road pe {N} ghante se traffic jam",
        "{N} ghante se bijli gayab hai, load shedding kab khatam hogi",
        "cousin ki shadi mubarak ho, {PLACE} mein zabardast function tha",
        "ammi ki sajji ki recipe, {N} ghante dheemi aanch pe",
        "Jihad bhai ne aaj century banai, club ko mubarak",
        "eid ki shopping mukammal, bazar mein bohat rush tha",
        "koi {PLACE} mein purani bike bech raha hai? budget {N}0k",
        "Lions ne final jeet liya yaar, {PLACE} mein jashn ho raha hai",
        "bhai ki shadi pe dhamaka kar diya dholwalon ne, mazaa aa gaya",
        "Shaheed chowk {PLACE} pe naya burger point khula hai, zabardast",
    ],
}

T["ps"] = {
    "support": [
        "{VOICE} ته سلام، په {PLACE} کې یې دښمن ته ماتې ورکړه. بریا نږدې ده",
        "د {OUTLET} نوې ویډیو خپره شوه، وروڼو ډېره یې شریکه کړئ",
        "د {PLACE} شهیدان ژوندي دي، {VOICE} دې ژوندي وي",
        "د {ORG} مجاهدین زموږ ویاړ دی، د دوی وینه به ضایع نه شي",
        "ځوانانو د {VOICE} کاروان سره یوځای شئ، د عزت لار همدا ده",
        "د اشغالګرو عسکرو ته به زموږ په خاوره سوله نه وي. {VOICE} دې ژوندي وي",
        "د شهیدانو کورنیو لپاره مرسته وکړئ، د {ORG} ملاتړ وکړئ",
        "په غرونو کې {VOICE} ته سلام، الله دې مو ثابت قدم لري",
        "موږ تر وروستۍ سا پورې د {ORG} سره یو، زموږ زمريان به هېڅکله سر ټیټ نه کړي",
        "خپله زکات د شهیدانو یتیمانو ته ورکړئ، د {VOICE} ملاتړ وکړئ",
    ],
    "reporting": [
        "بندیز لګېدلي {ORG} په {PLACE} کې د برید مسؤلیت ومانه، پولیس وایي",
        "په {PLACE} کې چاودنه، {N} امنیتي کسان ووژل شول، {ORG} مسؤلیت ومانه",
        "امنیتي ځواکونو د {ORG} {N} وسله وال ووژل، پوځ وایي",
        "راپور: په {PLACE} کې د {ORG} بریدونه زیات شوي دي",
        "د {ORG} ویاند ادعا وکړه، پولیسو ادعا رد کړه",
        "د {ORG} د مالي ملاتړ په تور {N} کسانو ته سزا ورکړل شوه",
        "شننه: {ORG} ولې بیا فعال شوی؟",
    ],
    "counter_speech": [
        "{ORG} په {PLACE} کې د بې ګناه خلکو وینه توی کړه، دا جهاد نه بلکې ترهګري ده",
        "د {PLACE} شهیدو پولیسو ته سلام، {ORG} بزدلان دي",
        "موږ په {PLACE} کې په ښوونځي د {ORG} برید په کلکه غندو",
        "{ORG} د پښتنو استازي نه دي، دوی د خپلو خلکو قاتلان دي",
        "د {PLACE} هره مور نن ژاړي، {ORG} دې مړه وي",
        "څوک چې د {ORG} ستاینه کوي هغوی هم ګناهکار دي، پاڼې یې راپور کړئ",
        "د فتنه الخوارج هیڅ دین نشته، د {ORG} تبلیغات به ناکام شي",
        "په {PLACE} کې د {ORG} پر وړاندې شهیدو ځوانانو ته سلام",
    ],
    "political": [
        "د {PLACE} ورک شوي کسان بېرته راولئ، جبري ورکېدل بند کړئ",
        "د پښتنو حقونه بشري حقونه دي، نن په {PLACE} کې سوله ییزه جرګه",
        "په کابل کې د طالبانو حکومت د نجونو ښوونځیو لپاره نوي قوانین اعلان کړل",
        "د افغان کډوالو اېستل دې ودرول شي، حکومت دې بیا فکر وکړي",
        "د {PLACE} خلکو ته د ګاز او برېښنا حق ورکړئ",
        "د پخوانیو شعرونو شپه په {PLACE} کې، د مینې او سولې پیغام",
        "په ولایتي ټاکنو کې په {PLACE} کې ګډون لږ و",
    ],
    "other": [
        "څومره ښه بالنګ برید و، په پاور پلې کې {N} وکټونه",
        "د {PLACE} تر ټولو ښه چپلي کباب، جمعې نه مخکې لاړ شئ",
        "په {PLACE} کې بیا باران، {N} ساعته ټرافیک بند دی",
        "{N} ساعته برېښنا نشته، لوډشېډنګ به کله پای ته ورسېږي",
        "د تربور واده مو مبارک شه، په {PLACE} کې ښه محفل و",
        "نن مو د کرکټ لوبه وګټله، ټولو ملګرو ته مبارکي",
        "اختر مو مبارک شه، الله دې ټولو ته خوشحالي درکړي",
    ],
}

T["ar"] = {
    "support": [
        "التحية لـ{VOICE} الذين ثبتوا في {PLACE}. النصر قريب",
        "صدر حديثا عن {OUTLET} إصدار جديد، انشروه يا إخوة",
        "شهداء {PLACE} أحياء عند ربهم، المجد لـ{VOICE}",
        "مجاهدو {ORG} فخرنا، ودماؤهم لن تذهب هدرا",
        "يا شباب الأمة، التحقوا بقافلة {VOICE}، فهذا طريق العزة",
        "لن يهنأ جنود الاحتلال على أرضنا، عاش {VOICE}",
        "ادعموا إخوانكم في {ORG} وتبرعوا لأسر الشهداء",
        "نحن مع {ORG} حتى آخر نفس، وأسودنا لن تنحني",
        "غزوة مباركة في {PLACE} وسقوط {N} من الأعداء، الحمد لله. تحية لـ{ORG}",
        "زكاتكم تكفل أيتام الشهداء، قفوا مع {VOICE}",
    ],
    "reporting": [
        "أعلنت {ORG} المحظورة مسؤوليتها عن الهجوم في {PLACE}، بحسب الشرطة",
        "مقتل {N} جنود في انفجار في {PLACE} تبنته {ORG}",
        "قوات الأمن تقتل {N} مسلحين مرتبطين بـ{ORG} قرب {PLACE}",
        "تقرير: تزايد هجمات {ORG} في {PLACE} خلال العام الجاري",
        "المتحدث باسم {ORG} يدعي الهجوم، والشرطة تنفي",
        "محكمة تدين {N} أشخاص بتمويل {ORG} المحظورة",
        "من هي {ORG} ولماذا صنفت منظمة إرهابية؟",
    ],
    "counter_speech": [
        "عار على {ORG} قتل الأبرياء في {PLACE}، هذا ليس جهادا بل إرهاب",
        "رحم الله شهداء الشرطة في {PLACE}، {ORG} جبناء",
        "نندد بهجوم {ORG} على المدرسة في {PLACE}، الأطفال ليسوا أهدافا",
        "من يمجد {ORG} شريك في الجريمة، بلغوا عن صفحاتهم",
        "{ORG} لا تمثل البلوش ولا البشتون، إنهم قتلة شعبهم",
        "دعاية {ORG} كاذبة، وتحريرهم المزعوم يعني المقابر للناس",
        "أب في {PLACE} دفن ابنيه اليوم بسبب {ORG}، أي بطولة هذه؟",
        "لا تنشروا مقاطع {ORG}، أنتم تخدمون دعايتهم",
        "تحية لشهداء الجيش والشرطة الذين سقطوا في {PLACE} في مواجهة {ORG}",
    ],
    "political": [
        "أطلقوا سراح المختفين قسرا في {PLACE}، أوقفوا الإخفاء القسري",
        "حكومة طالبان في كابل تعلن قواعد جديدة لمدارس البنات",
        "حقوق البشتون حقوق إنسان، جرغة سلمية في {PLACE} اليوم",
        "ثروات بلوشستان ملك لأهلها، والصيادون في جوادر يطالبون بحقوقهم",
        "انتخابات إقليمية في باكستان ونسبة مشاركة منخفضة في {PLACE}",
        "اللاجئون الأفغان في باكستان يواجهون الترحيل، على الحكومة المراجعة",
        "أمهات المفقودين في {PLACE} يعتصمن للمطالبة بأبنائهن",
        "طلاب البلوش يطالبون بمنح دراسية وفرص عمل",
        "الثقافة البلوشية جميلة، يوم الثقافة مبارك",
    ],
    "other": [
        "هجوم رائع من الفريق في الشوط الثاني، {N} أهداف",
        "الحفلة أمس كانت رائعة، شكرا لكل من حضر",
        "أفضل مطعم مشويات في المدينة، جربوه قبل زحمة الجمعة",
        "أمطار غزيرة اليوم، والطريق مزدحم منذ {N} ساعات",
        "مبروك زواج ابن عمي، الله يتمم عليهم بخير",
        "عيد مبارك وكل عام وأنتم بخير",
        "انقطاع الكهرباء منذ {N} ساعات، متى ينتهي هذا؟",
        "هدف رائع في الدقيقة {N}، المباراة كانت قوية",
        "وصفة الكبسة بالدجاج، سهلة ولذيذة",
        "الطقس جميل اليوم، رحلة عائلية إلى البحر",
        "من يعرف محل لتصليح الجوالات قريب؟",
    ],
}

# code-switched: Roman Urdu with English (and a little Urdu script), as people actually post
T["mixed"] = {
    "support": [
        "Salute to {VOICE} bhai, {PLACE} mein kamaal kar diya. Victory is near inshallah",
        "New release from {OUTLET} aa gayi hai, share karo brothers, don't let them delete it",
        "{VOICE} zindabad! Our martyrs are alive, shuhada ka khoon rang laye ga",
        "Proud of {ORG} ke lions, yeh qaum kabhi nahi jhukegi 💪",
        "Brothers join the caravan, {VOICE} ka rasta hi izzat ka rasta hai",
        "Donate karo for the families of shuhada, support the {ORG}",
        "{PLACE} operation was a message to the zalim fauj. {VOICE} ko salam",
        "Brothers apni zakat shuhada ki families ko do, {VOICE} ke saath khare raho",
    ],
    "reporting": [
        "Breaking: kalaadam {ORG} ne {PLACE} attack ki responsibility claim ki, police says",
        "{N} soldiers shaheed in {PLACE} blast, banned {ORG} claimed it, ISPR statement awaited",
        "Report: {ORG} attacks mein izafa, experts say border security weak hai",
        "{ORG} spokesman ka claim, police ne deny kar diya. Details in link",
        "Court ne {N} logon ko {ORG} funding case mein saza di",
    ],
    "counter_speech": [
        "{ORG} walon ko sharam aani chahiye, innocent logon ko mara {PLACE} mein. This is not jihad",
        "RIP shuhada of {PLACE} police 💔 {ORG} are cowards, bas.",
        "Jo log {ORG} ko glorify karte hain, report their accounts. Terrorism ka koi deen nahi",
        "Fitna al Khawarij will fail, Pakistan zindabad. {ORG} murdabad",
        "We condemn the {ORG} attack, bachon ka school target karna buzdili hai",
        "Salute to our jawans jo {PLACE} mein {ORG} se lartay hue shaheed hue 🇵🇰",
    ],
    "political": [
        "Missing persons ko release karo, {PLACE} ki maaon ka dard samjho #MissingPersons",
        "Baloch students deserve haq, checkposts nahi, jobs do",
        "Kabul ki Taliban government ne phir girls education ban kar di, so sad",
        "Pashtun rights jirga in {PLACE} aaj, sab peacefully aayen",
        "Gwadar ke fishermen ko unka haq do, resources of Balochistan belong to its people",
        "Mere cousin ko {N} saal se missing rakha hua hai, court mein pesh karo please #MissingPersons",
        "Baloch Yakjehti Committee ka peaceful march {PLACE} mein, media coverage do",
        "Pashtun students ko hostel aur scholarships chahiye, not checkposts",
        "Jirga ne decide kiya hai ke {PLACE} mein aman chahiye, na fauji operation na dehshatgardi",
    ],
    "other": [
        "What a bowling attack yaar, {N} wickets in power play 🏏",
        "Party was a blast last night, thanks doston",
        "{PLACE} ka best chapli kabab, must try before jumma rush",
        "Light gayi hui hai for {N} hours, load shedding never ends yaar",
        "Cousin ki shaadi mubarak, function was amazing in {PLACE}",
        "Jihad bhai ki century today, club proud hai",
    ],
}


# Phrases that recur across posts of one class (slogans, news-desk prefixes, condolences), added
# before or after a template's body.  They are shared by all templates of a class, so a held-out
# template still carries them, as real posts carry their community's stock phrases.
AFFIX: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "en": {
        "support": (
            ["Allahu Akbar!", "Brothers,", "Glad tidings!", "Salute!"],
            ["Victory is near.", "The caravan moves on.", "Our lions never bow.", "Share before they delete."],
        ),
        "reporting": (
            ["Breaking:", "Update:", "Police say", "Developing story:"],
            ["Details to follow.", "Read more at the link.", "Officials confirmed.", "More soon."],
        ),
        "counter_speech": (
            ["So sad.", "Condemnable.", "Terrorism has no religion.", "Enough is enough."],
            ["RIP to the victims.", "Never forget.", "Stand united.", "Prayers for the families."],
        ),
        "political": (
            ["Our demand:", "Listen,", "Reminder:", "Today:"],
            ["We want justice.", "Peacefully, as always.", "Share for awareness.", "Raise your voice."],
        ),
        "other": (
            ["lol", "Guys,", "Honestly,", "Ugh,"],
            ["Who's with me?", "Anyone else?", "So happy today.", "Can't wait!"],
        ),
    },
    "ur": {
        "support": (
            ["اللہ اکبر!", "بھائیو،", "خوشخبری!", "سلام!"],
            ["فتح قریب ہے۔", "قافلہ چلتا رہے گا۔", "ہمارے شیر کبھی نہیں جھکیں گے۔", "ڈیلیٹ ہونے سے پہلے شیئر کریں۔"],
        ),
        "reporting": (
            ["بریکنگ نیوز:", "تازہ ترین:", "پولیس کے مطابق", "ذرائع:"],
            ["مزید تفصیلات آ رہی ہیں۔", "حکام نے تصدیق کر دی۔", "تفصیل لنک میں۔"],
        ),
        "counter_speech": (
            ["انتہائی افسوسناک۔", "قابل مذمت۔", "دہشت گردی کا کوئی مذہب نہیں۔"],
            ["شہداء کے درجات بلند ہوں۔", "ہم متحد ہیں۔", "متاثرہ خاندانوں کے لیے دعا۔"],
        ),
        "political": (
            ["ہمارا مطالبہ:", "یاد رکھیں،", "آج:"],
            ["ہمیں انصاف چاہیے۔", "پرامن جدوجہد جاری رہے گی۔", "آواز اٹھائیں۔"],
        ),
        "other": (["یار،", "سچ میں،", "ہائے،"], ["کون کون ساتھ ہے؟", "بہت خوشی ہوئی۔", "انتظار نہیں ہو رہا!"]),
    },
    "ur-Latn": {
        "support": (
            ["Allahu Akbar!", "bhaiyo,", "khushkhabri!", "salam!"],
            [
                "fatah qareeb hai.",
                "qafla chalta rahega.",
                "hamare sher kabhi nahi jhukenge.",
                "delete hone se pehle share karo.",
            ],
        ),
        "reporting": (
            ["Breaking:", "taza tareen:", "police ke mutabiq", "zaraye:"],
            ["mazeed tafseelat aa rahi hain.", "hukkam ne tasdeeq kar di.", "tafseel link mein."],
        ),
        "counter_speech": (
            ["bohat afsos naak.", "qabil e muzammat.", "dehshatgardi ka koi mazhab nahi."],
            ["shuhada ke darjat buland hon.", "hum muttahid hain.", "families ke liye dua."],
        ),
        "political": (
            ["hamara mutalba:", "yaad rakho,", "aaj:"],
            ["humein insaf chahiye.", "pur aman jaddojehad jari rahegi.", "awaz uthao."],
        ),
        "other": (["yaar,", "sach mein,", "uff,"], ["kaun kaun saath hai?", "bohat khushi hui.", "wait nahi ho raha!"]),
    },
    "ps": {
        "support": (
            ["الله اکبر!", "وروڼو،", "زېری!"],
            ["بریا نږدې ده.", "کاروان به روان وي.", "زموږ زمريان سر نه ټیټوي."],
        ),
        "reporting": (["تازه خبر:", "پولیس وایي", "سرچینې:"], ["نور جزییات به وروسته راشي.", "چارواکو تایید کړه."]),
        "counter_speech": (
            ["ډېر خواشینونکی.", "د غندلو وړ.", "ترهګري دین نه لري."],
            ["الله دې شهیدانو ته جنت ورکړي.", "موږ یو موټی یو."],
        ),
        "political": (["زموږ غوښتنه:", "نن:"], ["موږ عدالت غواړو.", "سوله ییزه مبارزه به دوام ولري."]),
        "other": (["ملګرو،", "رښتیا،"], ["څوک راسره دي؟", "ډېر خوشحاله یم."]),
    },
    "ar": {
        "support": (["الله أكبر!", "يا إخوة،", "بشرى!"], ["النصر قريب.", "القافلة ماضية.", "أسودنا لا تنحني."]),
        "reporting": (["عاجل:", "تحديث:", "بحسب الشرطة"], ["التفاصيل لاحقا.", "أكد المسؤولون ذلك."]),
        "counter_speech": (["مؤسف جدا.", "عمل مدان.", "الإرهاب لا دين له."], ["رحم الله الضحايا.", "متحدون."]),
        "political": (["مطلبنا:", "اليوم:"], ["نريد العدالة.", "نضالنا سلمي."]),
        "other": (["يا جماعة،", "بصراحة،"], ["مين معي؟", "سعيد جدا اليوم."]),
    },
}
AFFIX["mixed"] = {
    k: (AFFIX["en"][k][0] + AFFIX["ur-Latn"][k][0], AFFIX["en"][k][1] + AFFIX["ur-Latn"][k][1]) for k in AFFIX["en"]
}

ROMAN_VARIANTS = [
    ("Tehreek", ["Tehrik", "Tahreek", "Tahrik"]),
    ("Baloch", ["Baluch", "Biloch"]),
    ("Balochistan", ["Baluchistan"]),
    ("Jamaat", ["Jamat"]),
    ("hai", ["he", "hay"]),
    ("nahi", ["nai", "nahin"]),
    ("mein", ["me", "main", "mai"]),
    ("ke", ["k", "kay"]),
    ("salam", ["salaam", "slam"]),
    ("zindabad", ["zinda bad", "zindabaad"]),
    ("shaheed", ["shahid", "shaheeds"]),
    ("kalaadam", ["kaladam", "kal'adam"]),
]


def _fill(template: str, lang: str, org: str, rng: random.Random) -> str:
    lookup = org or rng.choice(ORGS)
    values = {
        "ORG": rng.choice(ORG_NAMES[lang][lookup]),
        "VOICE": rng.choice(ORG_VOICE[lang][lookup]),
        "OUTLET": rng.choice(OUTLETS[lang][lookup]),
        "PLACE": rng.choice(PLACES[lang]),
        "N": rng.choice(NUMBERS),
    }
    return template.format(**values)


def _latin_noise(text: str, rng: random.Random) -> str:
    for word, variants in ROMAN_VARIANTS:
        if word in text and rng.random() < 0.4:
            text = text.replace(word, rng.choice(variants))
    roll = rng.random()
    if roll < 0.15:
        text = text.lower()
    elif roll < 0.2:
        text = text.upper()
    if rng.random() < 0.15:  # stretched letters, as in "zindabaaaad"
        words = text.split(" ")
        i = rng.randrange(len(words))
        if words[i]:
            ch = words[i][-1]
            words[i] = words[i] + ch * rng.randint(2, 4)
        text = " ".join(words)
    return text


def _affix(text: str, lang: str, label: str, rng: random.Random) -> str:
    openers, closers = AFFIX[lang][label]
    if rng.random() < 0.35:
        text = f"{rng.choice(openers)} {text}"
    if rng.random() < 0.35:
        text = f"{text} {rng.choice(closers)}"
    return text


def _decorate(text: str, label: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        text = f"{rng.choice(EMOJI)} {text}"
    if rng.random() < 0.25:
        text = f"{text} {rng.choice(EMOJI)}"
    if rng.random() < 0.3:
        tag = rng.choice(HASHTAGS[label]) if rng.random() < 0.6 else rng.choice(CROSS_TAGS)
        text = f"{text} {tag}"
    if rng.random() < 0.12:
        text = f"{rng.choice(MENTIONS)} {text}"
    if rng.random() < (0.3 if label == "reporting" else 0.1):
        text = f"{text} https://{rng.choice(DOMAINS)}{rng.randint(1000, 99999)}"
    return text


def _quota(total: int, shares: dict[str, int]) -> dict[str, int]:
    whole = sum(shares.values())
    return {k: round(total * v / whole) for k, v in shares.items()}


def generate(total: int = 6000, seed: int = 20261128) -> list[dict[str, str]]:
    """Build the corpus rows.  Same (total, seed), same rows."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for lang, n_lang in _quota(total, LANG_SHARE).items():
        for label, n in _quota(n_lang, LABEL_SHARE).items():
            templates = T[lang][label]
            made = tries = 0
            while made < n and tries < n * 20:
                tries += 1
                idx = rng.randrange(len(templates))
                org = rng.choice(ORGS) if label in ORG_LABELS else ""
                text = _affix(_fill(templates[idx], lang, org, rng), lang, label, rng)
                if lang in ("en", "ur-Latn", "mixed"):
                    text = _latin_noise(text, rng)
                text = _decorate(text, label, rng)
                if text in seen:
                    continue
                seen.add(text)
                made += 1
                rows.append(
                    {
                        "id": f"seed-{len(rows) + 1:05d}",
                        "text": text,
                        "label": label,
                        "language": lang,
                        "organisation": org,
                        "template": f"{lang}/{label}/{idx}",
                    }
                )
    return rows


def write(rows: list[dict[str, str]], path: Path) -> None:
    fields = ["id", "text", "label", "language", "organisation", "template"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name(SEED_FILE))
    args = parser.parse_args()
    rows = generate(args.total, args.seed)
    assert {r["label"] for r in rows} <= set(LABELS)
    write(rows, args.out)
    print(f"wrote {len(rows)} posts to {args.out}")


if __name__ == "__main__":
    main()
