# ruff: noqa: E501 - prose in two languages, kept as written
"""What the demo's interviewers write: evidence notes, take-aways, candidates' notes and
decision reasons, in English and in Finnish (``hiring demo --lang``), varied and drawn from the
situations of the source (VIPs and KOLs, hospital tenders, pharmacy chains, formulary
committees, a representative whose reports are late but whose clients trust her).

A note is picked by the competency's cluster and by what the score says (the highest point,
the lowest, or a panel split), with the caller's ``random.Random``, so two loads give the
same data. ``{name}`` is the candidate's first name.
"""

from __future__ import annotations

import random

Texts = dict[str, tuple[tuple[str, str], ...]]
"""Cluster key to (English, Finnish) variants."""

HIGH: Texts = {
    "relationships": (
        (
            "{name} named the chief physician and the head nurse of the cardiology ward, how often "
            "they meet them and what they asked last month; a colleague on the panel knew "
            "one of them and confirmed it.",
            "{name} nimesi kardiologian osaston ylilääkärin ja osastonhoitajan, kertoi kuinka usein "
            "tapaa heitä ja mitä he pyysivät viime kuussa; paneelin jäsen tuntee toisen heistä ja "
            "vahvisti asian.",
        ),
        (
            "Kept the same KOL through two changes of employer: the professor still calls {name} "
            "first when a trial needs a partner. Gave dates and the outcome.",
            "Sama mielipidevaikuttaja on pysynyt asiakkaana kahden työpaikanvaihdon yli: professori "
            "soittaa yhä ensimmäisenä hänelle, kun tutkimus tarvitsee kumppanin. Kertoi päivämäärät "
            "ja lopputuloksen.",
        ),
        (
            "Drew the decision map of the hospital district without notes: who signs, who "
            "advises, who blocks, and the pharmacist whose opinion the committee follows.",
            "Piirsi sairaanhoitopiirin päätöksentekokartan ilman muistiinpanoja: kuka allekirjoittaa, "
            "kuka neuvoo, kuka jarruttaa ja kenen farmaseutin kantaa lääketoimikunta seuraa.",
        ),
    ),
    "persuasion_negotiation": (
        (
            "In the role play {name} asked three questions before arguing, then tied the price to "
            "the ward's own readmission figures; the 'procurement chief' moved from no to a pilot.",
            "Roolipelissä {name} kysyi kolme kysymystä ennen perustelujaan ja sitoi hinnan osaston "
            "omiin uusintakäyntilukuihin; 'hankintapäällikkö' siirtyi kiellosta pilottiin.",
        ),
        (
            "Described the 2024 tender in detail: conceded on delivery terms, held the price, and "
            "won the three-year contract against a cheaper bid. Figures checked out.",
            "Kuvasi vuoden 2024 kilpailutuksen tarkasti: joustivat toimitusehdoissa, pitivät hinnan "
            "ja voittivat kolmen vuoden sopimuksen halvempaa tarjousta vastaan. Luvut pitivät.",
        ),
        (
            "Handled the objection 'your competitor is 12 % cheaper' calmly: asked what the 12 % "
            "excluded, and showed the total cost over a year. Convincing.",
            "Käsitteli vastaväitteen 'kilpailija on 12 % halvempi' rauhallisesti: kysyi, mitä 12 % ei "
            "sisällä, ja näytti vuoden kokonaiskustannuksen. Vakuuttava.",
        ),
    ),
    "strategic_analytical": (
        (
            "The case answer had a three-year plan for the account, with the risks named and what "
            "{name} would do if the formulary committee said no.",
            "Tapaustehtävän vastauksessa oli kolmen vuoden suunnitelma asiakkuudelle, riskit "
            "nimettyinä, ja mitä {name} tekee, jos lääketoimikunta sanoo ei.",
        ),
        (
            "Read the sales data of the case in minutes and found the one clinic that carried the "
            "decline; proposed where to spend the next quarter and why.",
            "Luki tapaustehtävän myyntiluvut minuuteissa ja löysi sen yhden klinikan, joka selitti "
            "laskun; ehdotti, mihin seuraava neljännes käytetään ja miksi.",
        ),
    ),
    "personal_qualities": (
        (
            "Stayed warm and precise when the panel pushed hard on a lost account; took the blame "
            "for their part and said what they changed afterwards.",
            "Pysyi lämpimänä ja täsmällisenä, kun paneeli painoi kovaa menetetystä asiakkuudesta; "
            "otti vastuun omasta osuudestaan ja kertoi, mitä muutti sen jälkeen.",
        ),
        (
            "Easy, tactful presence: the role-play 'chief physician' relaxed within minutes. "
            "References say the same of real clients.",
            "Luonteva ja hienotunteinen olemus: roolipelin 'ylilääkäri' rentoutui minuuteissa. "
            "Suosittelijat sanovat samaa todellisista asiakkaista.",
        ),
    ),
    "knowledge": (
        (
            "Knew the portfolio, the two main competitors' products and the reimbursement status "
            "of each; corrected an outdated figure in our own case material.",
            "Tunsi valikoiman, kahden pääkilpailijan tuotteet ja kunkin korvattavuuden; korjasi "
            "vanhentuneen luvun omassa tapausmateriaalissamme.",
        ),
        (
            "Explained the pricing and the tender rules of the district better than our brief did.",
            "Selitti sairaanhoitopiirin hinnoittelun ja hankintasäännöt paremmin kuin oma "
            "perehdytysaineistomme.",
        ),
    ),
    "process_documentation": (
        (
            "Showed an anonymised account plan and a weekly report from the current job: complete, "
            "on time, and used in their own planning.",
            "Näytti anonymisoidun asiakkuussuunnitelman ja viikkoraportin nykyisestä työstään: "
            "täydellisiä, ajallaan ja käytössä omassa suunnittelussa.",
        ),
        (
            "Knows the contract and credit routines: described catching a receivable "
            "before it went overdue.",
            "Tuntee sopimus- ja luottorutiinit: kertoi, miten huomasi saatavan ennen kuin se "
            "erääntyi.",
        ),
    ),
}

LOW: Texts = {
    "relationships": (
        (
            "Could not name one decision maker at the accounts {name} calls theirs; spoke of "
            "'the hospital' throughout.",
            "Ei osannut nimetä yhtäkään päättäjää asiakkuuksista, joita sanoo hoitavansa; puhui koko "
            "ajan vain 'sairaalasta'.",
        ),
        (
            "Relationships end with the deal: no client {name} could call today about something that "
            "is not a sale.",
            "Suhteet päättyvät kauppaan: ei yhtään asiakasta, jolle voisi soittaa tänään muusta kuin "
            "myynnistä.",
        ),
    ),
    "persuasion_negotiation": (
        (
            "Argued with the role-play client instead of asking; repeated the product features "
            "louder when the objection came back.",
            "Väitteli roolipelin asiakkaan kanssa kysymisen sijaan; toisti tuotteen ominaisuuksia "
            "kovemmalla äänellä, kun vastaväite palasi.",
        ),
        (
            "Gave the discount in the first minute of the negotiation and got nothing for it.",
            "Antoi alennuksen neuvottelun ensimmäisellä minuutilla eikä saanut siitä mitään.",
        ),
    ),
    "strategic_analytical": (
        (
            "The case plan was a list of visits; no priorities, no numbers, no idea of what the "
            "client gains.",
            "Tapaustehtävän suunnitelma oli käyntilista: ei prioriteetteja, ei lukuja eikä ajatusta "
            "siitä, mitä asiakas hyötyy.",
        ),
        (
            "Missed the obvious trend in the case data even after a hint.",
            "Ei huomannut tapaustehtävän aineiston selvää trendiä edes vihjeen jälkeen.",
        ),
    ),
    "personal_qualities": (
        (
            "Became defensive when asked about a lost client; blamed the price, the product and "
            "the previous manager.",
            "Meni puolustuskannalle, kun kysyttiin menetetystä asiakkaasta; syytti hintaa, tuotetta "
            "ja edellistä esihenkilöä.",
        ),
        (
            "Interrupted the panel repeatedly; little sign of the tact a chief physician would "
            "expect.",
            "Keskeytti paneelia toistuvasti; vähän merkkejä siitä hienotunteisuudesta, jota "
            "ylilääkäri odottaisi.",
        ),
    ),
    "knowledge": (
        (
            "Did not know our main product's indication or who pays for it.",
            "Ei tuntenut päätuotteemme käyttöaihetta eikä sitä, kuka sen maksaa.",
        ),
        (
            "Confused the competitor's product with ours twice.",
            "Sekoitti kilpailijan tuotteen omaamme kahdesti.",
        ),
    ),
    "process_documentation": (
        (
            "By {name}'s own account the CRM is filled in 'when there is time': last quarter's visits "
            "were entered in one evening.",
            "Oman kertomansa mukaan CRM täytetään 'kun ehtii': edellisen neljänneksen käynnit "
            "kirjattiin yhtenä iltana.",
        ),
        (
            "Could not say what the payment terms of the largest client are.",
            "Ei tiennyt suurimman asiakkaansa maksuehtoja.",
        ),
    ),
}

SPLIT = {
    1: (("Convincing in my part: concrete names and a result I could check.",
         "Vakuuttava omassa osuudessani: konkreettiset nimet ja tarkistettava tulos."),
        ("Strong here; I saw the behaviour, not just heard about it.",
         "Vahva tässä; näin toiminnan, en vain kuullut siitä.")),
    -1: (("Not convinced: the example fell apart when I asked who decided.",
          "En vakuuttunut: esimerkki hajosi, kun kysyin, kuka päätti."),
         ("Only general talk in my part; no example survived probing.",
          "Omassa osuudessani vain yleistä puhetta; yksikään esimerkki ei kestänyt tarkennusta.")),
}  # fmt: skip

TAKEAWAYS = {
    "strong_yes": (
        (
            "Ready for the key accounts now. The hospital district would meet someone who already "
            "speaks its language; I would hire.",
            "Valmis avainasiakkaille nyt. Sairaanhoitopiiri saisi ihmisen, joka jo puhuu sen kieltä; "
            "palkkaisin.",
        ),
        (
            "The strongest relationship evidence I have heard this year. Hire.",
            "Vahvin suhdenäyttö, jonka olen tänä vuonna kuullut. Palkataan.",
        ),
    ),
    "yes": (
        (
            "Solid. Gaps on the process side, which a development plan in the first 90 days can "
            "close.",
            "Vankka. Puutteita prosessipuolella, jotka 90 päivän kehityssuunnitelma voi korjata.",
        ),
        (
            "Would do well with a mentor for the first tender. Go on to the next round.",
            "Pärjäisi hyvin, jos ensimmäiseen kilpailutukseen saa mentorin. Seuraavalle "
            "kierrokselle.",
        ),
    ),
    "no": (
        (
            "Not ready for key accounts: the relationships are with buyers, not with the people "
            "who decide. Perhaps a representative role first.",
            "Ei valmis avainasiakkaille: suhteet ovat ostajiin, eivät päättäjiin. Ehkä ensin "
            "esittelijän tehtävä.",
        ),
        (
            "Several gaps below target on the core of the role; I would not go on now.",
            "Useita tavoitteen alittavia puutteita tehtävän ytimessä; en jatkaisi nyt.",
        ),
    ),
    "strong_no": (
        (
            "Clear gaps on the core of the role and the red flags in the role play. No.",
            "Selvät puutteet tehtävän ytimessä ja varoitusmerkit roolipelissä. Ei.",
        ),
    ),
}

FINNISH = {
    # the demo data's own texts (hiring.demo), in Finnish, by their English
    "Six years as KAM for university hospitals at a generics company.": "Kuusi vuotta avainasiakaspäällikkönä yliopistosairaaloille geneerisiä lääkkeitä valmistavassa yrityksessä.",
    "KAM for regional hospital pharmacies; led two tender wins.": "Avainasiakaspäällikkö alueen sairaala-apteekeille; veti kaksi voitettua kilpailutusta.",
    "Current KAM in Turku, asks to move to Helsinki.": "Nykyinen avainasiakaspäällikkö Turussa, pyytää siirtoa Helsinkiin.",
    "Device sales to private clinics; KAM title for two years.": "Laitemyyntiä yksityisille klinikoille; avainasiakaspäällikön nimike kaksi vuotta.",
    "Key accounts in veterinary products.": "Avainasiakkaita eläinlääkintätuotteissa.",
    "Brought no figures on his clients; ask for them.": "Ei tuonut lukuja asiakkaistaan; pyydä ne.",
    "Medical representative: the best territory results in the region, doctors trust her; CRM reports late and incomplete.": "Lääke-esittelijä: alueen parhaat tulokset, lääkärit luottavat häneen; CRM-raportit myöhässä ja puutteellisia.",
    "Three years of B2B sales of laboratory supplies.": "Kolme vuotta laboratoriotarvikkeiden yritysmyyntiä.",
    "Pharmacy chain sales; strong on presentations.": "Apteekkiketjumyyntiä; vahva esiintyjä.",
    "Retail background; applied for the KAM post directly.": "Vähittäiskaupan tausta; haki suoraan avainasiakaspäällikön tehtävään.",
    "Pharmacy graduate; a medical representative post may suit her better.": "Farmaseutti; lääke-esittelijän tehtävä voisi sopia hänelle paremmin.",
    "Inside sales; wants a field role.": "Sisämyynti; haluaa kenttätehtävään.",
    "Strong, consistent panel; invite to the final round.": "Vahva ja yksimielinen paneeli; kutsutaan loppukierrokselle.",
    "The panel is split on relationships; a second role play first.": "Paneeli on eri mieltä suhdetaidoista; ensin toinen roolipeli.",
    "Assess for the KAM track; reporting goes to a development plan.": "Arvioidaan avainasiakaspolulle; raportointi kehityssuunnitelmaan.",
    "Below the floors on persuasion and listening; argued in role play.": "Vakuuttamisen ja kuuntelun vähimmäistason alla; väitteli roolipelissä.",
    "Re-read my notes: the tender strategy was her own work.": "Luin muistiinpanoni uudelleen: kilpailutusstrategia oli hänen omaa työtään.",
}

LANGUAGES = ("en", "fi")


def _pick(rng: random.Random, variants: tuple[tuple[str, str], ...], lang: str) -> str:
    english, finnish = rng.choice(variants)
    return finnish if lang == "fi" else english


def evidence(rng: random.Random, cluster: str, kind: str, lang: str, name: str) -> str:
    """An evidence note for a score at the top (``high``) or the bottom (``low``) of the
    scale, in ``lang``."""
    bank = HIGH if kind == "high" else LOW
    return _pick(rng, bank[cluster], lang).format(name=name)


def split_note(rng: random.Random, shift: int, lang: str) -> str:
    return _pick(rng, SPLIT[shift], lang)


def takeaway(rng: random.Random, recommendation: str, lang: str) -> str:
    return _pick(rng, TAKEAWAYS[recommendation], lang)


def in_language(text: str, lang: str) -> str:
    """One of the demo's own texts (a candidate's notes, a decision's reason) in ``lang``."""
    return FINNISH[text] if lang == "fi" else text
