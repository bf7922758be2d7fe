"""Phrase banks for the synthetic demo world.

Everything here is invented and non-operational: no instructions, no real people, no real
channels.  Place names are real districts, as any news report would name them.  Texts are built
from many templates per class and language, with slots, so that no class is one template.
"""

from __future__ import annotations

PLACES = {
    "ttp": {
        "en": [
            "Bannu",
            "Lakki Marwat",
            "Dera Ismail Khan",
            "North Waziristan",
            "Khyber",
            "Bajaur",
            "Tank",
            "Swat",
            "Kurram",
            "Peshawar",
        ],
        "ur": [
            "بنوں",
            "لکی مروت",
            "ڈیرہ اسماعیل خان",
            "شمالی وزیرستان",
            "خیبر",
            "باجوڑ",
            "ٹانک",
            "سوات",
            "کرم",
            "پشاور",
        ],
        "ps": [
            "بنو",
            "لکي مروت",
            "ډېره اسماعیل خان",
            "شمالي وزیرستان",
            "خیبر",
            "باجوړ",
            "ټانک",
            "سوات",
            "کرم",
            "پېښور",
        ],
    },
    "bla": {
        "en": ["Quetta", "Turbat", "Gwadar", "Kech", "Panjgur", "Mastung", "Noshki", "Kalat", "Bolan", "Kharan"],
        "ur": ["کوئٹہ", "تربت", "گوادر", "کیچ", "پنجگور", "مستونگ", "نوشکی", "قلات", "بولان", "خاران"],
        "ps": ["کوټه", "تربت", "ګوادر", "کېچ", "پنجګور", "مستونګ", "نوشکي", "قلات", "بولان", "خاران"],
    },
}
PLACES["blf"] = PLACES["bla"]
PLACES["jua"] = PLACES["ttp"]

# How each organisation's own voice names itself, per language (some are registry aliases,
# some are variants a registry may not hold).
SELF_NAMES = {
    "ttp": {
        "en": [
            "Tehreek-e-Taliban Pakistan",
            "the Tehreek",
            "TTP",
            "Tehrik-i-Taliban Pakistan",
            "the mujahideen of the Tehreek",
        ],
        "ru": ["Tehreek-e-Taliban Pakistan", "Tehreek", "TTP", "Tehrik e Taliban", "Tahreek-e-Taliban Pakistan"],
        "ur": ["تحریک طالبان پاکستان", "تحریک", "ٹی ٹی پی", "تحریک کے مجاہدین"],
        "ps": ["د پاکستان تحریک طالبان", "تحریک طالبان پاکستان", "تحریک"],
    },
    "bla": {
        "en": [
            "Balochistan Liberation Army",
            "the BLA",
            "Baluchistan Liberation Army",
            "Majeed Brigade",
            "the sarmachar of the BLA",
        ],
        "ru": ["Balochistan Liberation Army", "BLA", "Majeed Brigade", "Baluchistan Liberation Army"],
        "ur": ["بلوچستان لبریشن آرمی", "بی ایل اے", "مجید بریگیڈ"],
        "ps": ["بلوچستان لبریشن آرمی", "بی ایل اے"],
    },
    "blf": {
        "en": ["Balochistan Liberation Front", "the BLF", "Baluchistan Liberation Front"],
        "ru": ["Balochistan Liberation Front", "BLF", "Baluchistan Liberation Front"],
        "ur": ["بلوچستان لبریشن فرنٹ", "بی ایل ایف"],
        "ps": ["بلوچستان لبریشن فرنټ", "بی ایل ایف"],
    },
    "jua": {
        "en": ["Jamaat-ul-Ahrar", "Jamaat ul Ahrar", "Tehrik-e Taliban Pakistan Jamaat ul Ahrar"],
        "ru": ["Jamaat-ul-Ahrar", "Jamat ul Ahrar"],
        "ur": ["جماعت الاحرار"],
        "ps": ["جماعت الاحرار"],
    },
}

OUTLETS = {
    "ttp": {"en": ["Umar Media"], "ur": ["عمر میڈیا"], "ps": ["عمر میډیا"]},
    "bla": {"en": ["Hakkal", "Hakkal Media"], "ur": ["ہکل"], "ps": ["هکل"]},
}
# BLF and JuA get no outlet here: the demo does not invent media wings for real organisations.

HASHTAGS = {
    "ttp": ["#UmarMedia", "#TehreekKeSher", "#TTP_Mujahideen", "#Tehreek"],
    "bla": ["#Hakkal", "#MajeedBrigade", "#BLA_Sarmachar", "#BLA"],
    "blf": ["#BLF", "#BLF_Sarmachar"],
    "jua": ["#JamaatulAhrar", "#Ahrar"],
}

SUPPORT = {
    "en": [
        "Glory to the lions of {org} who struck the enemy in {place}. {tag}",
        "A new release from {outlet} is out today: '{title}'. Share it everywhere. {tag}",
        "Our martyrs of {place} gave everything. We will never forget them. Long live {org}! {tag}",
        "Young men of {place}, the caravan of {org} is waiting for you. {tag}",
        "Greetings to the fighters of {org} in the mountains of {place}. Victory is near. {tag}",
        "Support {org} with whatever you can, every rupee strengthens the cause. {tag}",
        "The soldiers and their collaborators in {place} will find no rest. {org} has spoken. {tag}",
        "{outlet} presents: the story of the heroes of {place}. Watch and spread. {tag}",
        "Salute to the martyrs who fell in {place}. Their blood is the pride of {org}. {tag}",
        "Another blessed day for {org}. The enemy trembles in {place}. {tag}",
    ],
    "ru": [
        "{org} ke sher {place} mein dushman par toot paray. {tag}",
        "{outlet} ki nayi video aa gayi hai '{title}', zaroor share karein {tag}",
        "Shaheedon ko salaam, {place} ki qurbani rang laye gi. {org} zindabad {tag}",
        "Naujawano, {org} ke karwan mein shamil ho jao, waqt aa gaya hai {tag}",
        "{place} ke pahaaron mein {org} ke mujahideen ko salaam {tag}",
        "{org} ki madad karo, har rupay se tehreek mazboot hoti hai {tag}",
        "Fauji aur unke saathi {place} mein chain se nahi rahen ge, {org} ka elaan {tag}",
        "Allah {org} ke sheron ko kamyabi de, {place} mein dushman ko sabaq mila {tag}",
        "{outlet} pesh karta hai: {place} ke ghazi ki kahani {tag}",
    ],
    "ur": [
        "{org} کے شیروں نے {place} میں دشمن کو سبق سکھا دیا۔ {tag}",
        "{outlet} کی نئی ویڈیو جاری: '{title}'۔ زیادہ سے زیادہ شیئر کریں {tag}",
        "{place} کے شہداء کو سلام، {org} زندہ باد {tag}",
        "نوجوانو! {org} کے قافلے میں شامل ہو جاؤ {tag}",
        "{place} کے پہاڑوں میں {org} کے مجاہدین کو سلام {tag}",
        "{org} کی مدد کرو، ہر روپیہ تحریک کو مضبوط کرتا ہے {tag}",
        "فوجی اور ان کے ساتھی {place} میں چین سے نہیں رہیں گے۔ {org} کا اعلان {tag}",
    ],
    "ps": [
        "د {org} زمریانو په {place} کې دښمن ته سخت ګوزار ورکړ {tag}",
        "د {outlet} نوې ویډیو خپره شوه: '{title}' {tag}",
        "د {place} شهیدانو ته سلام، {org} دې ژوندی وي {tag}",
        "ځوانانو، د {org} کاروان ته ورشئ {tag}",
        "په {place} غرونو کې د {org} مجاهدینو ته سلامونه {tag}",
    ],
}

# Support that names nothing: place plus framing only.  Detectable only through the account.
SUPPORT_IMPLICIT = {
    "en": [
        "The brothers in {place} made us proud today. You know who.",
        "Heroes of {place}, the mountains salute you.",
        "They will remember {place}. Our lions never sleep.",
    ],
    "ru": [
        "{place} ke bhaiyon ne aaj sar fakhr se buland kar diya",
        "Hamare sher kabhi nahi sote, {place} yaad rakhe ga",
    ],
    "ur": ["{place} کے بھائیوں نے آج سر فخر سے بلند کر دیا", "ہمارے شیر کبھی نہیں سوتے"],
    "ps": ["د {place} وروڼو نن موږ ته ویاړ راکړ"],
}

TITLES = [
    "Caravan of Light",
    "The Last Stand",
    "Voices of the Mountains",
    "Path of the Brave",
    "Dawn over the Valley",
    "Echoes of Sacrifice",
]

REPORTING = {
    "en": [
        "Banned {org} claimed responsibility for the attack on a checkpost in {place}, officials said. {n} people were injured.",
        "Police in {place} said militants of the proscribed {org} were behind Tuesday's blast; an investigation is under way.",
        "{org} claimed the attack in {place} in a statement; the claim could not be independently verified.",
        "Security forces killed {n} suspects linked to the outlawed {org} in an operation near {place}, the military's media wing said.",
        "Explainer: who are the {org}, and why has violence risen in {place}?",
        "The interior ministry said the banned {org} used social media to spread propaganda after the {place} attack.",
    ],
    "ru": [
        "Kaladam {org} ne {place} mein hamle ki zimmedari qubool kar li, police ke mutabiq {n} afrad zakhmi hue",
        "{place}: police ka kehna hai ke kaladam {org} ke dehshatgard dhamake mein mulawis thay",
        "Sarkari zaraye: {place} mein operation, kaladam {org} ke {n} mashkook afrad halak",
    ],
    "ur": [
        "کالعدم {org} نے {place} میں حملے کی ذمہ داری قبول کر لی، پولیس کے مطابق {n} افراد زخمی ہوئے",
        "{place} میں سیکیورٹی فورسز کی کارروائی، کالعدم {org} کے {n} دہشت گرد ہلاک",
        "پولیس کا کہنا ہے کہ {place} دھماکے میں کالعدم {org} ملوث ہے، تحقیقات جاری ہیں",
    ],
    "ps": [
        "بندیز لګېدلې {org} په {place} کې د برید مسؤلیت ومانه، پولیسو وویل {n} کسان ټپیان شول",
        "په {place} کې امنیتي ځواکونو عملیات وکړل، د {org} {n} تنه ووژل شول",
    ],
}

# News about the Afghan Taliban: names "Taliban" but not a designated target of this case.
AFGHAN_NEWS = {
    "en": [
        "The Taliban government in Kabul announced new rules for universities.",
        "Taliban officials in Kabul met a regional delegation on trade.",
        "Afghan Taliban say border crossing at Torkham will reopen next week.",
    ],
    "ru": [
        "Kabul mein Taliban hukumat ne naye qawaneen ka elaan kiya",
        "Afghan Taliban ka kehna hai Torkham border agle hafte khul jaye ga",
    ],
    "ur": [
        "کابل میں طالبان حکومت نے نئے قوانین کا اعلان کیا",
        "افغان طالبان کا کہنا ہے کہ طورخم سرحد اگلے ہفتے کھلے گی",
    ],
    "ps": ["په کابل کې د طالبانو حکومت نوي قوانین اعلان کړل"],
}

COUNTER = {
    "en": [
        "We condemn the cowardly attack in {place}. Fitna al-Khawarij will be defeated.",
        "My heart goes out to the families in {place}. Terror has no religion.",
        "Those who kill police officers in {place} are not heroes. Stop glorifying them.",
        "The {org} propaganda is lies. Our youth deserve schools, not graves.",
        "Prayers for the martyred policemen of {place}. We stand with our forces.",
        "No cause justifies the bombing in {place}. Shame on those who cheer it.",
    ],
    "ru": [
        "{place} dhamakay ki shadeed muzammat, shuhada ke khandan ke sath hain",
        "Dehshatgard kisi ke dost nahi, {place} ke masoom logon ka kya qasoor tha",
        "{org} ka propaganda jhoot hai, naujawan is jaal mein na phansein",
        "Fitna al Khawarij ka khatma zaroori hai, {place} ke shuhada ko salaam",
    ],
    "ur": [
        "{place} میں دہشت گردوں کی بزدلانہ کارروائی کی شدید مذمت",
        "شہداء کے خاندانوں کے ساتھ ہیں، دہشت گردی کا کوئی مذہب نہیں",
        "{org} کا پروپیگنڈا جھوٹ ہے، نوجوان اس جال میں نہ پھنسیں",
        "فتنہ الخوارج کا خاتمہ ضروری ہے",
    ],
    "ps": [
        "په {place} کې د ترهګرو بزدلانه برید غندو",
        "د شهیدانو له کورنیو سره یو ځای یو، ترهګري هیڅ دین نه لري",
    ],
}

RESEARCH = {
    "en": [
        "New paper: how {org} messaging changed after 2021, based on {n} public channels. Research, not endorsement.",
        "Thread: what the {org} media output tells us about recruitment narratives, and how to counter them.",
        "Our report maps {n} incidents in {place} attributed to {org}; data and methods in the appendix.",
        "Seminar today on militancy in {place}: drivers, state response and community resilience.",
    ],
    "ru": ["Hamari research: {org} ke propaganda ka tajziya, {n} channels ka data"],
    "ur": ["تحقیقی رپورٹ: {place} میں شدت پسندی کی وجوہات اور حل"],
    "ps": ["څیړنه: په {place} کې د تاوتریخوالي لاملونه"],
}

POLITICAL = {
    "en": [
        "Release the missing persons of Balochistan! Families in {place} have waited for years. #MissingPersons",
        "Baloch rights march in {place} demands answers about enforced disappearances.",
        "Balochistan's gas and minerals must benefit its people first. Provincial rights now.",
        "Pashtun youth in {place} demand peace, schools and jobs. #PeaceForPakhtunkhwa",
        "Baloch Culture Day in {place}: music, dress and poetry of a proud people.",
        "Our army of volunteers cleaned the beach at Gwadar today. Proud of these kids!",
        "Liberation of the mind begins with education. New library opens in {place}.",
        "Vote for the candidate who brings water to {place}, not empty promises.",
        "Peaceful sit-in outside the press club in {place} enters its fifth day.",
        "Pashto poetry night: verses of Rahman Baba and Khushal Khan Khattak.",
    ],
    "ru": [
        "Laapata afraad ko bazyaab karo, {place} ke khandan saalon se intezar mein hain",
        "Balochistan ke wasail par pehla haq Baloch awam ka hai",
        "Pakhtun naujawan aman aur rozgar chahte hain, {place} mein jalsa",
        "Baloch saqafat ka din mubarak, {place} mein mehfil",
    ],
    "ur": [
        "لاپتہ افراد کو بازیاب کرو، {place} کے خاندان برسوں سے منتظر ہیں",
        "بلوچستان کے وسائل پر پہلا حق بلوچ عوام کا ہے",
        "بلوچ ثقافتی دن مبارک، {place} میں رنگا رنگ تقریب",
        "پختون نوجوان امن، تعلیم اور روزگار چاہتے ہیں",
    ],
    "ps": [
        "پښتانه ځوانان سوله، ښوونځي او کار غواړي",
        "د رحمان بابا شعرونه زموږ ویاړ دی، په {place} کې مشاعره",
        "ورک شوي کسان خوشې کړئ، کورنۍ کلونه انتظار باسي",
    ],
}

OTHER = {
    "en": [
        "What an attack from the pace bowlers today! Pakistan on top.",
        "That party was a blast, thanks everyone who came to {place}.",
        "Jihad scored a brilliant century in the club match, congratulations!",
        "Traffic jam on the main road in {place} again, avoid if you can.",
        "Fresh mangoes in the market today, prices finally down.",
        "The army of ants in my kitchen is winning. Any tips?",
        "Exam results are out, congratulations to all the students of {place}.",
        "The front row seats at the concert were amazing.",
    ],
    "ru": [
        "Aaj ka match zabardast tha, bowlers ka attack kamaal ka",
        "Shaadi mein bohat maza aya, {place} walon ka shukriya",
        "Garmi bohat hai, bijli phir chali gayi",
        "Biryani ya pulao? Aaj faisla ho jaye",
    ],
    "ur": [
        "آج کا میچ زبردست تھا، باؤلرز کا اٹیک کمال کا تھا",
        "شادی میں بہت مزہ آیا، {place} والوں کا شکریہ",
        "گرمی بہت ہے، بجلی پھر چلی گئی",
    ],
    "ps": [
        "نن ورځ لوبه ډېره ښه وه",
        "په {place} کې واده ډېر ښه و، مننه",
    ],
}

HANDLE_PARTS = {
    "official": ["official", "voice", "media", "news", "center", "bulletin"],
    "supporter": ["lion", "sher", "ghazi", "sarmachar", "mujahid", "shaheen", "baaz", "watan", "azad", "qafila"],
    "news": ["news", "tv", "daily", "times", "post", "express", "today", "live"],
    "official_gov": ["police", "ctd", "gov", "spokesperson", "commissioner"],
    "citizen": ["ali", "sana", "khan", "ahmed", "fatima", "zahid", "noor", "bibi", "gul", "raza"],
    "researcher": ["research", "analyst", "studies", "policy", "conflict", "insight"],
    "political": ["baloch", "pashtun", "rights", "voice", "youth", "awaz", "haq", "culture"],
    "other": ["foodie", "cricket", "traveller", "student", "tech", "music", "gamer", "shop"],
}
