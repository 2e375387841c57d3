"""A world named in Latin letters only, and a reader of what a page shows: with English active, any Han
character left on a page is the interface's own (issue 21, item 10)."""

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import lxml.html
from django.utils.html import escape

from conftest import fill_ready, make_user

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "data-confirm", "data-unsaved-warning")


def han_left(html, user_data=()):
    """Every piece of text a person sees (text, button values, placeholders, tooltips, confirmations) that
    holds a Han character once ``user_data`` (texts people wrote, such as a drafted 工作总结 — an official
    document in Chinese) is taken out. The language menu names 中文 in its own script, as language menus do."""
    for text in sorted(user_data, key=len, reverse=True):
        html = html.replace(str(escape(text)), " ").replace(text, " ")
    doc = lxml.html.fromstring(html)
    # The official table about to be published (div.rollup) is the Chinese document itself, not the interface.
    for bad in doc.xpath("//script | //style | //template | //select[@name='language'] | //div[@class='rollup']"):
        bad.drop_tree()
    found = []
    for text in doc.xpath("//body//text()"):
        if HAN.search(text):
            found.append(text.strip()[:80])
    for el in doc.xpath("//body//*"):
        for name in SHOWN_ATTRIBUTES:
            value = el.get(name) or ""
            if HAN.search(value):
                found.append(f"@{name}={value[:80]}")
        if el.tag == "input" and (el.get("type") or "") in ("submit", "button") and HAN.search(el.get("value") or ""):
            found.append(f"@value={el.get('value')}")
    title = doc.xpath("//head/title/text()")
    if title and HAN.search(title[0]):
        found.append(f"<title>{title[0]}")
    return found


def latin_world():
    """A city above a district bureau, its units, a plan with two rounds (Q1 approved, Q2 in work), an
    extension, a reminder, a contribution, a summary, a split city task reported up, a publication."""
    from filings.models import Contribution, Round, Submission
    from levels import services as levels
    from plans.models import Indicator, Plan, Section, Task
    from publishing.models import Publication
    from reports import services as reports
    from supervision.models import Extension, Reminder
    from units.models import Unit, User

    city = Unit.objects.create(
        name="Metro City Health Commission", short_name="Metro", kind=Unit.Kind.CITY, division_code="331000"
    )
    bureau = Unit.objects.create(
        name="Riverside Health Bureau",
        short_name="Riverside",
        kind=Unit.Kind.BUREAU,
        parent=city,
        division_code="331002",
        order=1,
    )
    unit_a = Unit.objects.create(name="Medical Affairs Office", parent=bureau, order=1)
    unit_b = Unit.objects.create(name="Disease Control Centre", kind=Unit.Kind.INSTITUTION, parent=bureau, order=2)
    w = SimpleNamespace(city=city, bureau=bureau, unit_a=unit_a, unit_b=unit_b)
    w.office = make_user("office", bureau, User.Role.OFFICE, phone="555-0100")
    w.city_office = make_user("metro", city, User.Role.OFFICE)
    w.filler_a = make_user("filler_a", unit_a, User.Role.FILLER, phone="555-0101")
    w.signer_a = make_user("signer_a", unit_a, User.Role.SIGNER)
    w.filler_b = make_user("filler_b", unit_b, User.Role.FILLER)
    w.signer_b = make_user("signer_b", unit_b, User.Role.SIGNER)

    plan = Plan.objects.create(year=2025, kind=Plan.Kind.KEY_WORK, title="Key Work Plan 2025", issuer=bureau)
    care = Section.objects.create(plan=plan, label="I.", title="Care Services", order=1)
    health = Section.objects.create(plan=plan, label="II.", title="Public Health", order=2)
    beds = Task.objects.create(
        plan=plan,
        section=care,
        number="1",
        text="Add 1900 nursery places.",
        lead_unit=unit_a,
        order=1,
        deadline=datetime.date(2025, 12, 31),
    )
    beds.co_units.add(unit_b)
    visits = Task.objects.create(
        plan=plan,
        section=care,
        number="2",
        text="Raise the county visit rate to 90 percent.",
        lead_unit=unit_a,
        order=2,
    )
    ambulance = Task.objects.create(
        plan=plan, section=health, number="3", text="Build the ambulance network.", lead_unit=unit_b, order=3
    )
    Indicator.objects.create(
        task=beds, subject="nursery places", target_value=1900, unit="pcs", comparator=Indicator.Comparator.ADD
    )
    Indicator.objects.create(
        task=visits, subject="visit rate", target_value=90, unit="%", comparator=Indicator.Comparator.GTE
    )
    q1 = Round.objects.create(
        plan=plan, name="Q1 2025", as_of=datetime.date(2025, 3, 31), due=datetime.date(2025, 4, 10)
    )
    q2 = Round.objects.create(
        plan=plan, name="Q2 2025", as_of=datetime.date(2025, 6, 30), due=datetime.date(2099, 7, 10)
    )
    w.plan, w.tasks, w.q1, w.q2 = plan, [beds, visits, ambulance], q1, q2

    for unit, filler, signer in ((unit_a, w.filler_a, w.signer_a), (unit_b, w.filler_b, w.signer_b)):
        sub = Submission.objects.open_for(q1, unit)
        for filing in sub.filings.all():
            fill_ready(
                filing,
                filler,
                completion="Work is on schedule.",
                completed=False,
                reason="Funds are late",
                problems="Staff are short",
                self_assessment="behind",
            )
        sub.submit(filler, "Jane Roe", "555-0199")
        sub.sign(signer)
        sub.approve(w.office)
    w.sheet = Submission.objects.open_for(q2, unit_a)
    first = w.sheet.filings.get(task=beds)
    fill_ready(first, w.filler_a, completion="Progress 100 percent.", completed=False, reason="Land is late")
    w.sheet_b = Submission.objects.open_for(q2, unit_b)
    Contribution.objects.create(filing=first, unit=unit_b, author=w.filler_b, text="We helped with staff.")
    Extension.objects.create(
        task=visits,
        unit=unit_a,
        round=q2,
        reason="Survey is late",
        new_date=datetime.date(2099, 8, 1),
        requested_by=w.filler_a,
    )
    reminder = Reminder.objects.create(
        unit=unit_a,
        round=q2,
        step="overdue-2",
        channel="email",
        recipient="a@example.org",
        status="sent",
        sent_at=datetime.datetime(2025, 7, 12, 9, tzinfo=datetime.UTC),
    )
    w.summary = reports.generate_summary(plan, "year", w.office)
    w.publication = Publication.objects.create(
        index_mode="manual",
        index_number="11331021355386184W/2025-141459",
        title="Riverside Q1 2025 status",
        publisher="Riverside Health Bureau",
        doc_date=datetime.date(2025, 5, 14),
        genre="Plans and reports",
        disclosure_mode="Proactive",
        disclosure_scope="The public",
        validity="Valid",
        source="Riverside Health Bureau",
        round=q1,
        created_by=w.office,
    )

    # The city: a plan, a task split to the district, the district's round approved and reported up.
    city_plan = Plan.objects.create(year=2025, kind=Plan.Kind.LIVELIHOOD, title="Metro Plan 2025", issuer=city)
    city_task = Task.objects.create(
        plan=city_plan, number="1", text="Add nursery places citywide.", lead_unit=city, order=1
    )
    city_ind = Indicator.objects.create(
        task=city_task, subject="nursery places", target_value=1000, unit="pcs", comparator=Indicator.Comparator.ADD
    )
    w.city_round = Round.objects.create(
        plan=city_plan, name="H1 2025", as_of=datetime.date(2025, 6, 30), due=datetime.date(2025, 7, 15)
    )
    levels.split_task(city_task, {bureau: {city_ind: Decimal(600)}})
    district_plan = levels.district_plan(city_plan, bureau)
    district_plan.title = "Metro Plan 2025 for Riverside"  # a plan title is user data (the generated one is Chinese)
    district_plan.save(update_fields=["title"])
    district_round = levels.open_district_round(
        district_plan, w.city_round, "H1 2025 district", datetime.date(2025, 6, 30), datetime.date(2025, 7, 8)
    )
    sub = Submission.objects.open_for(district_round, bureau)
    filler = make_user("district_filler", bureau, User.Role.FILLER)
    signer = make_user("district_signer", bureau, User.Role.SIGNER)
    for filing in sub.filings.all():
        actuals = {ind: Decimal(620) for ind in filing.task.indicators.all()}
        assert filing.save_edit(
            filler,
            filing.version,
            {"completion": "Done.", "completed": True, "reason": "", "problems": "", "self_assessment": "on_track"},
            actuals,
        )
    sub.submit(filler, "Jane Roe", "555-0199")
    sub.sign(signer)
    sub.approve(w.office)
    w.report = levels.send_up(w.city_round, bureau, w.office)
    w.city_plan = city_plan
    from django.core.management import call_command

    call_command("rebuild_search_index", verbosity=0)  # the renamed plan's title in the index too
    from supervision.reminders import message

    # A reminder's text is the message as it was sent (in the bureau's language), shown on the to-do list.
    w.user_data = [
        w.summary.title,
        *w.summary.paragraphs.values_list("text", flat=True),
        message(reminder)[1].split("\n")[0],
    ]
    return w


def main_pages(w):
    """(user, [url, …]) for each role: the pages of a working day."""
    from django.urls import reverse

    from scoring.services import scheme_for

    scheme = scheme_for(w.bureau, 2025)
    office = [
        reverse("home"),
        reverse("filings:round", args=[w.q2.pk]),
        reverse("supervision:round", args=[w.q2.pk]),
        reverse("supervision:round", args=[w.q1.pk]),
        w.sheet.get_absolute_url(),
        reverse("plans:detail", args=[w.plan.pk]),
        reverse("plans:list"),
        reverse("search:search") + "?q=nursery",
        reverse("search:search") + "?q=zzzzqqq",
        reverse("publishing:index"),
        w.publication.get_absolute_url(),
        reverse("scoring:ranking", args=[scheme.pk]),
        reverse("reports:plan", args=[w.plan.pk]),
        w.summary.get_absolute_url(),
        reverse("supervision:extensions"),
        reverse("units:list"),
        reverse("units:users"),
        reverse("levels:index"),
        reverse("supervision:task", args=[w.tasks[0].pk]),
        reverse("supervision:unit", args=[w.unit_a.pk]),
        reverse("publishing:review", args=[w.publication.pk]),
        reverse("publishing:feedback"),
        reverse("filings:filing_history", args=[w.sheet.filings.get(task=w.tasks[0]).pk]),
        reverse("documents:upload"),
    ]
    city = [
        reverse("home"),
        reverse("levels:city", args=[w.city_round.pk]),
        w.report.get_absolute_url(),
        reverse("levels:index"),
    ]
    filler = [
        reverse("home"),
        reverse("filings:my_rounds"),
        w.sheet.get_absolute_url(),
        w.sheet.filings.get(task=w.tasks[0]).get_absolute_url(),
        reverse("search:search") + "?q=nursery",
        reverse("scoring:index"),
        reverse("supervision:extension_request", args=[w.sheet.filings.get(task=w.tasks[1]).pk]),
    ]
    co_filler = [reverse("home"), reverse("filings:cooperation", args=[w.q2.pk])]
    signer = [reverse("home"), w.sheet.get_absolute_url()]
    return [
        (w.office, office),
        (w.city_office, city),
        (w.filler_a, filler),
        (w.filler_b, co_filler),
        (w.signer_a, signer),
    ]
