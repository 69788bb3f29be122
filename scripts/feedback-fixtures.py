#!/usr/bin/env python3
"""Writes the feedback-import fixtures of app/tests/fixtures/feedback/ (made up for
Jornada's tests: no real clinic, client, phone number or address). Run from the
repository root: `python3 scripts/feedback-fixtures.py` (needs `pip install openpyxl`).
The tests in app/src/formats/feedback/tests.rs state what each file must read as."""

import datetime
import pathlib

from openpyxl import Workbook

OUT = pathlib.Path("app/tests/fixtures/feedback")

# A Portuguese clinic's booking-system export: Excel's "CSV UTF-8" (a BOM), semicolons,
# dd/mm/yyyy, decimal commas, service names for stages, a quoted comment on two lines.
CLINICA_PT = """Protocolo;Data;Paciente;Telefone;Serviço;Canal;Nota;Comentário
1001;05/01/2025;Ana Souza;(11) 98765-4321;Agendamento;WhatsApp;5;Marquei pelo WhatsApp em dois minutos.
1002;07/01/2025;Bruno Lima;(11) 3456-7890;Recepção;Balcão;3,5;Esperei 40 minutos na recepção, mesmo com horário marcado.
1003;10/01/2025;Carla Dias;11 99876-5432;Limpeza de pele;;4,5;Ótimo resultado! Se precisar, me liguem no 11 99876-5432.
1004;32/01/2025;Diego Alves;;Consulta;;4;A data deste atendimento saiu errada no sistema.
1005;15/01/2025;Elisa Rocha;;Consulta;;0;Não respondeu à pergunta da nota.
1006;18/01/2025;Fábio Nunes;;Pós-atendimento;;2;"Ninguém retornou
minha mensagem. Escrevi para fabio.nunes@exemplo.com.br"

1007;20/01/2025;Gabi Martins;;Massagem relaxante;;4,0;Paguei R$ 150,00 e valeu cada centavo.
1008;22/01/2025;Helena Castro;;Depilação a laser;;3;Gostei, mas demorou.
1009;25/01/2025;Igor Pereira;;Agendamento;Telegram;4;Responderam rápido.
1010;28/01/2025;Joana Freitas;;  PROCEDIMENTO ;;5;Atendimento impecável, volto em 12.03.2025.
"""

# A Russian cosmetology clinic's export in Windows-1251, semicolons, dd.mm.yyyy.
OTZYVY_RU = """Дата;Клиент;Услуга;Оценка;Отзыв
03.02.2025;+7 (916) 123-45-67;Запись;5;Записалась онлайн за минуту, удобно.
05.02.2025;Иванова Мария;Консультация;4;Врач всё подробно объяснила.
07.02.2025;Петров;Процедура;2;Ждал 30 минут, никто не предупредил. Перезвоните: 8 916 765-43-21
10.02.25;Сидорова;После визита;3;Обещали позвонить и не позвонили.
12.02.2025;Ким;Чистка лица;5;Ёлки, как хорошо!
31.02.2025;Орлова;Процедура;4;Дата с ошибкой.
"""

# A survey tool's TSV: ISO dates with times, stars and "3/5", a quoted cell with a tab.
EXPORT_TSV = (
    "date\tstage\trating\tcomment\tclient\n"
    "2025-04-01T10:00:00Z\tBooking\t★★★★☆\tEasy to book\tc-101\n"
    '2025-04-02 14:30\tVisit\t3/5\t"Reception was busy\tand loud"\tc-102\n'
    "2025-04-03\tTreatment\t5\tLoved it\tc-103\n"
    "2025-05-02\tTreatment\t5\tA date in the future\tc-104\n"
    "2025-04-04\tTreatment\t\tNo score given\tc-105\n"
)


def survey_xlsx(path):
    """An English survey tool's workbook: real date cells, NPS numbers, a blank row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Responses"
    ws.append(["Response ID", "Submitted", "Customer email", "Stage", "Channel", "NPS", "Comments", "Segment"])
    rows = [
        [5001, datetime.datetime(2025, 3, 1, 9, 15), "ann@example.com", "Booking", "Website", 9, "Booked online in two minutes.", "New"],
        [5002, datetime.date(2025, 3, 2), "bob@example.com", "Visit", None, 6, "Waited 25 minutes past my slot.", "Returning"],
        [5003, datetime.date(2025, 3, 3), "cara@example.com", "Treatment", None, 10, "Great result, call me on +1 (555) 123-4567 for the next one", "New"],
        [5004, datetime.date(2025, 3, 4), "dan@example.com", "Follow-up", None, 11, "Typed the wrong score.", "New"],
    ]
    for r in rows:
        ws.append(r)
    ws.append([])
    ws.append([5005, datetime.date(2025, 3, 6), "eve@example.com", "booking", "Phone", 7.5, "Ok", "Returning"])
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    wb.properties.creator = "Jornada tests"
    fixed = datetime.datetime(2025, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.save(path)


def far_cell_xlsx(path):
    """A hostile workbook: a header, and one cell at the sheet's last column and row (a
    reader that allocates the sheet's bounding box would take gigabytes)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Date", "Score"])
    ws.append([datetime.date(2025, 3, 1), 5])
    ws["XFD1048576"] = "far away"
    wb.properties.created = datetime.datetime(2025, 1, 1)
    wb.properties.modified = datetime.datetime(2025, 1, 1)
    wb.save(path)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "clinica_pt.csv").write_bytes(b"\xef\xbb\xbf" + CLINICA_PT.encode("utf-8"))
    (OUT / "otzyvy_ru.csv").write_bytes(OTZYVY_RU.replace("\n", "\r\n").encode("cp1251"))
    (OUT / "export.tsv").write_bytes(EXPORT_TSV.encode("utf-8"))
    survey_xlsx(OUT / "survey_en.xlsx")
    far_cell_xlsx(OUT / "far_cell.xlsx")


if __name__ == "__main__":
    main()
