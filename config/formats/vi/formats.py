# CLDR's long date ("5 tháng 3, 2026"): Django's "Ngày 05 tháng 3 năm 2026" starts with a capital
# that reads wrongly mid-sentence ("hoàn thành Ngày 05 ...").
DATE_FORMAT = r"j \t\há\n\g n, Y"
DATETIME_FORMAT = r"H:i, j \t\há\n\g n, Y"
