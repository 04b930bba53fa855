"""The one domain error type every engine raises for bad input, and the one place its Chinese
sentence is written.

An error carries *what* went wrong as data — a ``code`` and its values (``field``, ``label``,
``low``, ``high``, ``unit``, ``received`` …) — and :data:`MESSAGES` turns that into the sentence a
reader sees, as ``pint``'s errors do::

    >>> err = PlaybookInputError("density20", code="range", label="标准密度 ρ20",
    ...                          low=610.6, high=1163.5, unit="kg/m³", received=1200)
    >>> err.code, err.values["high"]
    ('range', 1163.5)
    >>> err.message
    '标准密度 ρ20 须在 610.6–1163.5 kg/m³ 之间,收到 1200'

Tests compare ``code`` and ``values``; only this module composes prose from them. The older form
``PlaybookInputError(field, message)`` still works (code ``"message"``), so code written before the
codes existed keeps running; new code gives a code.

Standard library only; imports nothing else of the package (``normalize`` imports this module,
never the other way round).
"""
from __future__ import annotations

import math
import numbers
import reprlib
import warnings
from decimal import Decimal
from typing import Any

__all__ = ["MESSAGES", "MESSAGE_MAX", "PlaybookInputError", "UnknownItemError", "as_real", "guarded", "render", "renamed_keyword",
           "shown"]

#: Longest message a :class:`PlaybookInputError` carries (a longer one is cut with "…").
MESSAGE_MAX = 300

#: The Chinese sentence of each error code. Placeholders are the error's values; ``{received}``
#: is shown short and safe (:func:`shown`), numbers with ``:g``. Add a code here, never prose in
#: an engine.
MESSAGES: dict[str, str] = {
    # numbers (playbook.normalize)
    "required": "请填写{label}",
    "number": "{label}须为数字{hint},收到{kind} {received}",
    "number_range": "{label}{sp}须为 {low}–{high}{unit} 之间的数值{hint},收到 {received}",
    "not_finite": "{label}须为有限的数字,收到 {received}",
    "too_large": "{label}超出可处理的范围(绝对值须小于 1e+15),收到 {received}",
    "number_text_long": "{label}须为数字,收到的文字过长({length} 个字符)",
    "range": "{label}{sp}须在 {low}–{high}{unit} 之间{note},收到 {received}",
    "range_open": "{label}{sp}须大于 {low} 且不超过 {high}{unit}{note},收到 {received}",
    "integer": "{label}须为 {low}–{high} 之间的整数{blank},收到 {received}",
    # text (playbook.normalize)
    "text_type": "{label}须为文字,收到 {received}",
    "text_length": "{label}须为 {low}–{high} 个字符,收到 {length} 个字符",
    "text_too_long": "{label}最多 {high} 个字符,收到 {length} 个字符",
    "text_control": "{label}不能包含控制字符{hint},收到 {received}",
    "empty": "{label}不能为空",
    "choice": "{label}须为 {allowed} 之一,收到 {received}",
    # dates and times
    "date_type": "{label}须为日期(时间须带时区),收到 {received}",
    "date_future": "{label}不能晚于 {high}(不能是将来的时间),收到 {got}",
    "date_range": "{label}须在 {low} 至 {high} 之间,收到 {got}",
    # files a person hands in (playbook.spreadsheet, progress files)
    "file_type": "上传的内容须为文件的字节,收到 {kind}",
    "file_empty": "{name} 是空文件,或没有表头(第一行是空的)",
    "file_too_large": "{name} 太大(超过 {high} {unit}):请删去不需要的内容或拆成几个文件再上传",
    "file_too_many_rows": "{name} 的数据超过 {high:,} 行(表头除外):请拆成几个文件再上传",
    "file_too_many_columns": "{name} 的数据超过 {high} 列:请删去多余的列(或检查远处是否有被填过的单元格)",
    "file_field_too_long": "{name} 第 {line} 行有一格超过 {high:,} 个字符:请检查是否少了一个引号",
    "file_encoding": "无法识别 {name} 的文字编码:请另存为 UTF-8 或 GBK 编码的 CSV",
    "file_unreadable": "{name} 不是有效的 xlsx 文件(可能已损坏,或是改了扩展名的其他文件):"
                       "请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 再上传",
    "file_csv_broken": "{name} 第 {line} 行无法读取(CSV 格式有误,例如引号没有配对):请检查后再上传",
    "file_nul": "{name} 含有空字符(NUL),不是文字表格:请另存为 CSV 或 .xlsx 后再上传",
    "file_memory": "{name} 太大,无法读取:请拆成几个文件再上传",
    "progress_file": "进度文件{where}无法读取:{reason}。文件未被改动。",
    "progress_save": "进度文件{where}无法保存({reason}):这次的作答没有写入,之前的记录完好",
    "trainee_mismatch": "进度文件{where}是学员 “{named}” 的,与指定的学员 “{given}” 不符:请检查文件或 --trainee",
    "file_xls": "{name} 是旧版 Excel(.xls)文件,无法读取:请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再上传",
    "file_suffix": "只支持 CSV(.csv)或 Excel(.xlsx)文件,收到 {name}",
    "file_xlsx_unavailable": "这里无法读取 xlsx 文件:请在 Excel 中另存为 CSV 再上传",
    "no_rows": "{name}没有数据(只有表头或是空的)",
    "header_missing": "表头缺少列:{missing}。找到的表头是:{found}(第一行须是表头;从 Excel 粘贴时请连表头一起复制)",
    "duplicate_column": "{name}的表头“{column}”出现了两次:请删去一列",
    # a public engine function called with arguments of the wrong shape (API type confusion)
    "arguments": "{function} 的参数类型或结构不对({reason}):请按说明传入数据",
    # the records store
    "store_time": "记录库中有一个无法识别的时间 {received}(可能被其他程序改过):请检查记录库",
    # the records store's database and file-system failures (recordstore.backends)
    "store_not_database": "文件 {where} 不是记录库(不是 SQLite 数据库,或已损坏):未作任何改动,请检查地址",
    "store_disk_full": "磁盘已满:这次没有保存,之前保存的记录完好;请腾出空间后再保存一次",
    "store_read_only": "记录库 {where} 只能读、不能写(文件或文件夹没有写权限):这次没有保存,之前保存的记录完好",
    "store_unopenable": "无法打开记录库 {where}:文件夹不存在或不可写,或该位置不是文件",
    "store_locked": "记录库正被其他程序占用(已等待约 {seconds} 秒):这次没有保存,之前保存的记录完好;请稍后再保存一次",
    "store_io": "读写记录库 {where} 时磁盘出错:这次没有保存,之前保存的记录完好;请检查磁盘后重试",
    "store_permission": "没有权限写入记录库的位置 {where}:请换一个可写的数据文件夹",
    "store_path_blocked": "记录库的文件夹位置被一个同名文件占着({where}):请删去或改名该文件,或换一个数据文件夹",
    "store_unreachable": "无法访问记录库 {where}:{reason}",
    "store_failed": "记录库 {where} 出错({kind}:{reason}):这次没有保存,之前保存的记录完好",
    "store_unexpected": "记录库出错({kind}: {reason}),请稍后再试或联系管理员检查记录库",
    # printing the role-play cards (trainer.cards)
    "pdf_no_chromium": "找不到 Chromium,无法生成 PDF:请先安装(Debian/Ubuntu:sudo apt-get install chromium),"
                       "或不加 --pdf,用浏览器打开 cards.html 打印。",
    "pdf_timeout": "Chromium 在 {seconds} 秒内没有打印完 PDF;可以用浏览器打开 cards.html 手动打印。",
    "pdf_failed": "Chromium 没能生成 PDF(退出码 {returncode}):{reason}",
    # the knowledge base
    "unknown_item": "知识库中没有 id 为 “{item_id}” 的条目",
    "unknown_collection": "知识库中没有名为 “{item_id}” 的集合;可用:{allowed}",
    # shared
    "count_range": "{label}须在 {low}–{high} 之间,收到 {count}",
    "row_empty": "{where}第 {row} 行的“{column}”为空:请填写",
    "duplicate": "{where}{what} “{name}” 重复:每个只能出现一次",
    "unknown_names": "{what}不在{where}中:{names}",
    "line_format": "{where}第 {row} {part}须写成“{pattern}”,如 {example};收到 {received}",
    "unknown_id": "{where}没有 id 为 “{item_id}” 的{kind}",
    "wrong_type": "{label}须为{expected},收到 {received}",
    "dialogue_state": "应传入 dialogue.start() 或 dialogue.choose() 返回的状态",
    "dialogue_over": "这段对练已经结束(结果:{outcome}),不能再选择",
    "answer_empty": "回答不能为空:请写下你要对客户说的话",
    "not_integer": "{label}须为{kind}整数{blank},收到 {received}",
    "forecast_empty_history": "销售历史是空的:表头下面至少要有一行",
    "row_number": "{where}第 {row} 行的“{column}”须为 {low}–{high} 之间的数值,收到 {received}",
    "audit_range": "表格第 {row} 行:{label} 须在 {low}–{high} {unit_text} 之间,收到 {received}(共 {count} 行不合格)",
    "row_prefixed": "{where}第 {row} 行:{reason}",
    "reserved_name": "“{name}” 是保留给培训师的观察员名称,不能作为学员姓名",
    "self_observer": "{label}不能是被评分的学员本人(“{trainee}”)",
    "sheet_saved_page": "{where}第 {round_no} 轮客户经理“{trainee}”的评分已保存过;如要用这次的评分覆盖它,请勾选“覆盖已保存的评分”后再保存",
    # playbook/cli.py
    "cli_trainees": "请给出学员名单 --trainees 张三,李四,王五 或学员人数 --count 6(二者选一)",
    "cli_no_sheets": "记录库 {where} 中还没有评分记录,也没有导入的自学进度:请先在 trainer/session.ipynb 的评分台为学员评分,或用 python -m playbook records import 导入学员的进度文件",
    "cli_unknown_session": "记录库中没有场次“{session}”的评分记录;已有场次:{sessions}",
    # playbook/engines/cadence_planner.py, cadence_input.py
    "cadence_no_customers": "客户名单为空:请至少填写一位客户(名称和级别 A/B/C)",
    "cadence_plan_years": "计划须在 {year} 年以内(节日日期表的范围)",
    "too_many_lines": "{label}最多 {high} 行,收到 {count} 行:请分几次排",
    "cadence_birthday": "客户“{name}”的生日须为有效的(月, 日)整数,收到 {received}",
    "cadence_month_day": "{where}的日期须写成“月-日”,如 9-3,收到 {received}",
    "cadence_event_day": "客户“{name}”的事件日期须为有效的月、日,收到 {received}",
    "cadence_log_date": "拜访记录第 {n} 行的日期须写成“月-日”或“年-月-日”,收到 {received}",
    # playbook/engines/checklists.py
    "checklist_form_version": "不是本工具保存的检查表文件(缺少版本号)",
    "checklist_form_size": "检查表文件须小于 {high} KB",
    "checklist_form_json": "不是本工具保存的检查表文件(JSON 格式有误)",
    # playbook/engines/cn_calendar.py
    "calendar_year": "年份须在 {low}–{high} 之间(节日日期表的范围),收到 {received}",
    # playbook/engines/dialogue*.py
    "dialogue_unknown": "没有 id 为 “{dialogue_id}” 的对练;可用:{known}",
    "dialogue_logs": "每条记录应为练习记录(Review)、含 dialogue/path/correct 的映射,或 (对练 id, 所选选项 id 序列, 是否好结局) 三元组",
    "dialogue_expects_text": "这一轮要你自己打字回答(dialogue.say),没有选项",
    "dialogue_expects_choice": "这一轮不用打字,请从选项里选一个(dialogue.choose)",
    "dialogue_no_diagnosis": "这段对练不需要判断客户类型",
    "dialogue_diagnosis": "类型应为 {allowed} 之一",
    "dialogue_min_plays": "min_plays 应为正整数,rare 应在 0–1 之间",
    # playbook/engines/forecast_history.py, forecast_method.py, forecast_frames.py
    "forecast_no_sales": "区域“{region}”在 {months} 没有销量,无法计算品项占比",
    "forecast_all_short": "区域“{region}”在 {basis} 缺货,之前也没有不缺货的月份,无法得到可信的品项占比:请补充更早的销售数据",
    "forecast_two_months": "销售历史至少要有连续两个月的数据(修正预估要用前两个月的平均占比)",
    "forecast_no_regions": "请至少填写一个区域的去年销售额",
    "forecast_other_rate": "按调整后的增长率,其他区域需要 {rate}% 的增长率才能达到整体目标(须在 −90% 至 1000% 之间):请调整各区域的增长率",
    "forecast_no_basis": "剔除缺货月份后没有可用的月份来计算品项占比",
    "forecast_absent_months": "销售历史中没有 {absent} 的数据,无法计算品项占比",
    "forecast_no_mix": "这些区域没有品项占比数据:{missing}",
    "forecast_month": "{where}“月份”须为年月,如 2026-01,收到 {received}",
    "percent_range": "{label}须在 {low}% 至 {high}% 之间,收到 {received}",
    "forecast_region_name": "区域名称 {received} 为空、重复或与“合计”行同名:请换一个名称",
    # playbook/engines/grading.py, grading_input.py
    "grading_zero_weights": "五项分类依据的权重不能全为 0",
    "grading_pyramid_three": "客户金字塔须给出三个累计比例(重要、主要、普通客户),如 1%、5%、20%",
    "grading_pyramid_order": "客户金字塔的累计比例须从上到下递增(如 1%、5%、20%)",
    "grading_cuts": "B 类分数线({b_cut})不能高于 A 类分数线({a_cut})",
    "grading_no_customers": "客户名单为空:请至少填写一位客户",
    "grading_future_delivery": "第 {row} 行“最近进油”({got})晚于今天({today})",
    "grading_bands_text": "“{column}”的分档须为 4 个从小到大的数,用逗号隔开,如 {example};收到 {received}",
    "grading_no_rows": "表格中没有客户:第一行须为表头(客户、稳定性、价格敏感度、需求量、忠诚度、属性)",
    "grading_bands": "“{column}”须给出 4 个从小到大的分档界限,收到 {received}",
    "grading_delivery_date": "第 {row} 行“最近进油”须为日期,如 2026-09-15,收到 {received}",
    # playbook/engines/leitner.py
    "leitner_corrupt": "进度文件 {path} 已损坏({problem}),未作任何修改。{keep}",
    "leitner_no_backup": "没有找到备份文件 {bak},无法恢复",
    "leitner_unreadable": "无法读取进度文件 {path}:{reason}",
    "leitner_backup_corrupt": "备份文件 {bak} 也已损坏(不是 UTF-8 文本),无法恢复",
    "leitner_backup_unreadable": "无法读取备份文件 {bak}:{reason}",
    # playbook/engines/loss.py
    "loss_side": "{side_name}:{reason}",
    "loss_volume_density": "{side_name}:按体积计量须给出标准密度 ρ20(kg/m³)或视密度",
    "loss_volume_temperature": "{side_name}:按体积计量须给出油温 t(°C)",
    "loss_shipped_missing": "发油方:须给出发油质量(kg),或发油体积(L)加油温和密度",
    "loss_received_missing": "收油方:须给出地磅毛重和皮重(kg),或量油体积(L)加油温",
    "loss_density_both": "{side_name}:标准密度 ρ20 与视密度只填一个",
    "loss_density_temperature": "{side_name}:填了视密度,还须填测密度时的试验温度 t′(°C)",
    "loss_shipped_both": "发油方:发油质量与发油体积只填一个",
    "loss_received_both": "收油方:地磅重量与量油体积只填一种",
    "loss_net_range": "收油方:毛重 − 皮重须在 1–{high} kg 之间,收到 {gross} − {tare} = {net} kg",
    # playbook/engines/loss_audit.py
    "audit_unknown_column": "稽核数据有不认识的列“{name}”{hint};可用的列:{allowed}(或对应的中文表头)",
    "audit_rows": "表格第 {row} 行:{reason}(共 {count} 行)",
    "audit_header_rows": "稽核数据的表头只能有一行",
    "audit_empty": "稽核数据为空:至少需要一行交付记录",
    "audit_missing_columns": "稽核数据缺少列:{listed}",
    "audit_no_shipped": "稽核数据须有 shipped_mass_kg(发油质量)或 shipped_volume_l(发油体积)列",
    "audit_no_received": "稽核数据须有 received_gross_kg/received_tare_kg(地磅)或 received_volume_l(量油)列",
    "audit_duplicate_column": "列 {name}({label})出现了两次(表头“{seen}”和“{text}”):请删去一列",
    "audit_boolean": "{label} 须为数值,收到是/否(布尔值)",
    # playbook/engines/petroleum.py
    "temperature_range": "{label} 须在 {low}–{high} °C 之间(ρ15 = {rho15} kg/m³ 的油品),收到 {received}",
    "observed_density_range": "{label} 在 {temperature} °C 下须对应 15 °C 密度 {low}–{high} kg/m³(产品表适用范围),收到 {received} kg/m³,对应 ρ15 ≈ {rho15}",
    # playbook/engines/practice*.py
    "practice_choices": "所选选项须是不超过 50 个、每个 1–80 字符的选项 id",
    "practice_bad_class": "不当做法类别须在标注为 bad_practice 时给出,且是 {allowed} 之一,收到 {received}",
    "practice_many_trainees": "旧进度文件{where}中有 {count} 位学员,请指明学员姓名",
    # playbook/engines/quote.py, quote_prices.py, quote_input.py
    "quote_at_type": "报价时间须为日期时间(datetime,含时、分),收到 {received}",
    "quote_before_first": "报价时间 {when} 早于第一张价格执行单“{name}”的执行时间 {sheet_times}:报价时间须不早于该时间",
    "quote_no_grade_price": "价格执行单“{sheet}”中没有油品 {grade} 的价格",
    "quote_no_tier_price": "价格执行单“{sheet}”中没有客户类别 {tier} 的价格",
    "quote_at_format": "报价时间格式应为“2017-01-01 14:00”(可只写日期),收到 {received}",
    "quote_no_sheets": "知识库中没有价格执行单,无法报价",
    "quote_at_invalid": "报价时间不是有效的日期时间:{received}",
    "quote_litres_and_density": "吨升换算系数与标准密度 ρ20 只能给一个:用了换算系数就不要再填密度",
    "quote_at_calendar": "报价时间 {at} 换算成北京时间后超出了日历范围(公元 1–9999 年)",
    "quote_pickup_freight": "自提不计运费,不应填写{label};如需送货请选择配送",
    "quote_both_freights": "按吨计运费时不应再填写吨公里运价;请二选一",
    "quote_freight_missing": "配送按吨计运费须填写运价(元/吨),范围 0–{high} 元/吨",
    "quote_both_freights_km": "按吨公里计运费时不应再填写每吨运价;请二选一",
    "quote_freight_km_missing": "配送按吨公里计运费须填写运价(元/吨·公里),范围 0–{high} 元/(吨·公里)",
    "quote_distance_missing": "按吨公里计运费须填写运距,范围大于 0 且不超过 {high} 公里",
    # playbook/engines/value_added.py
    "percent_text": "{where}须为 0%–100% 之间的百分数,如 1.5%,收到 {received}",
    "money_text": "{where}须为 0 至 {hi} 元之间的数值,收到 {received}",
    "tiers_empty": "请至少给出一档提成,如 0:1%",
    "tiers_order": "提成档位须从 0 开始,起点从小到大,如 0:1%, 30万:1.5%",
    "people_empty": "名单为空:请至少填写一个人的姓名和销售额",
    # playbook/kb/banks.py
    "bank_unknown_family": "练习类别 “{names}” 不存在;可选:{allowed}",
    "bank_target": "情境 “{id}” 的对象 “{target}” 不属于 {family}",
    # playbook/trainer/console/
    "console_file": "文件{where}无法读取:{problem}。没有导入任何内容。",
    "console_sheet_differs": "文件{where}里场次“{session}”第 {round_no} 轮“{trainee}”的评分和已保存的不同;请先在评分页核对,确需替换时在评分页勾选“覆盖已保存的评分”重新保存",
    "console_store_corrupt": "浏览器里保存的培训记录已损坏,无法读取;请点“清空本机记录”后重新导入",
    # playbook/trainer/records.py
    "sheet_saved": "场次 “{session}” 第 {round_no} 轮学员 “{trainee}” 的评分表已保存过;如要用这张替换它,请用 save_sheet(..., replace=True)",
    "url_control": "数据库地址含有控制字符或无法识别的字符(终端编码不是 UTF-8?)",
    "db_foreign": "数据库 {url} 里已有别的表({shown_tables}),不是本程序的记录库:未作任何改动;请换一个数据库文件或地址",
    "db_newer": "数据库 {url} 的结构版本是 {version},比本程序支持的最新版本 {latest} 新:请先升级 playbook 再打开它(数据库未作任何改动)",
    "progress_no_trainee": "进度文件{where}里没有学员姓名:请在“我的练习”导出时填写姓名,或用 --trainee 指定",
    "url_scheme": "数据库地址(url)不受支持:收到{got};{help}",
    "store_closed": "记录库已关闭:请重新 open_store()",
    "db_foreign_version": "数据库 {url} 的 schema_version 表不是本程序的格式,不是本程序的记录库:未作任何改动",
    "trainee_not_listed": "{label} “{trainee}” 不在学员名单中:请先添加该学员(add_trainee)",
    "observer_unknown": "{label} “{observer}” 不在学员名单中:观察员须是名单上的学员或 “{trainer}”",
    # playbook/trainer/recordstore/backends.py
    "postgres_missing": "使用 PostgreSQL 需要安装 psycopg 3:pip install 'playbook[team]'(或 pip install 'psycopg[binary]')",
    "postgres_connect": "无法连接 PostgreSQL 数据库 {url}:{reason}",
    "db_file_missing": "记录库文件 {path} 不存在:请检查地址(读取时不会新建空的记录库)",
    "db_is_folder": "记录库的位置 {path} 是一个文件夹,不是数据库文件",
    # playbook/trainer/recordstore/urls.py
    "sqlite_host": "SQLite 地址须写作 sqlite:///绝对路径(三个斜杠),收到主机名 “{netloc}”",
    "sqlite_nul": "SQLite 地址里有空字符(%00):请检查地址",
    "sqlite_relative": "SQLite 地址须写作 sqlite:///绝对路径,例如 sqlite:///home/me/records.sqlite3",
    "sqlite_folder": "SQLite 地址须指向一个文件,收到文件夹 “{path}”",
    "data_dir_relative": "环境变量 {variable} 须为绝对路径(如 /home/me/playbook),收到相对路径 “{env}”:从不同文件夹启动会用到不同的记录库",
    # playbook/trainer/recordstore/validation.py
    "text_padded": "{label}首尾不能有空白,收到 “{text}”",
    "marks_empty": "{label}不能为空:一张评分表至少要有 1 个检查项",
    # playbook/trainer/roleplay/
    "naive_datetime": "{label}须带时区(例如 datetime.now().astimezone()),收到不带时区的 {value}",
    "roleplay_session_empty": "场次名称(session)不能为空,如 “2026-11-23 新员工第一期”",
    "roleplay_unknown_ticks": "通过的观察项(ticked)中有本轮观察表没有的 id:{unknown};本轮共有 {count} 项,id 见观察员卡片",
    "roleplay_sheet_card": "须传入一张评分表(ScoreSheet)和它对应的卡片(RoundCard)",
    "roleplay_card_mismatch": "评分表(第 {sheet_round} 轮,{sheet_scenario})与卡片(第 {card_round} 轮,{card_scenario})不对应",
    "utc_out_of_range": "{label}换算成协调世界时后超出了日历范围(公元 1–9999 年),收到 {value}",
    # playbook/trainer/teamboard/suggestions.py
    "progress_other_trainee": "练习进度属于学员 “{trainee}”,不是 “{name}”",
    # playbook/trainer/teamboard/tables.py
    "board_no_sheets": "还没有评分记录:请先在角色扮演中为学员评分,再查看看板",
    "board_unknown_trainee": "评分记录中没有学员 “{trainee}”;现有学员:{listed}",
    "board_sheet_text": "第 {i} 条评分记录的学员、观察员或场次不是文字",
    "board_unknown_skill": "第 {i} 条评分记录(学员 “{trainee}”,第 {round_no} 轮)的检查项 “{check_id}” 的技能 “{skill}” 不存在;可选:{allowed}",
    # playbook/views/checklists.py
    "checklist_other_form": "这个文件是另一张检查表({other}),不是“{title}”",
    # playbook/views/dialogue.py
    "dialogue_pick": "请给出对练的 id,或设 picker=True 从列表中选择",
    # playbook/views/drills.py
    "drills_no_questions": "没有题目:请检查练习类别",
}


def _fmt(key: str, value: Any) -> str:
    if key == "received":
        return shown(value)
    if isinstance(value, float):
        return format(value, "g")
    if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) < 16:
        text = format(value.normalize(), "f")
        return text
    return str(value)


class _Values(dict):
    """Format mapping: missing optional placeholders (hint, unit, blank, kind, reason) are empty."""

    def __missing__(self, key: str) -> str:
        return ""


def render(code: str, field: str, values: dict[str, Any]) -> str:
    """The Chinese sentence of an error (:data:`MESSAGES`); ``label`` defaults to ``field``."""
    template = MESSAGES.get(code)
    if template is None:
        return str(values.get("message", code))
    data = _Values()
    for key, value in values.items():
        if key in ("high", "low") and isinstance(value, int) and ":," in template:
            data[key] = value          # keeps the thousands format spec working
        else:
            data[key] = _fmt(key, value)
    data.setdefault("label", field)
    label = str(data["label"])
    data["sp"] = " " if label and label[-1].isascii() else ""
    if values.get("unit"):
        data["unit"] = " " + str(values["unit"])
    try:
        return template.format_map(data)
    except (ValueError, KeyError, IndexError):  # a value that does not fit the spec
        return template.replace(":,}", "}").format_map(data)


class PlaybookInputError(ValueError):
    """Bad input to an engine.

    ``field`` names the offending input (English identifier, e.g. ``"density20"``); ``code``
    says what is wrong (a key of :data:`MESSAGES`) and ``values`` holds the facts (``label``,
    ``low``, ``high``, ``unit``, ``received`` …); ``message`` is the Chinese sentence shown to the
    reader, composed from them by :func:`render`. ``PlaybookInputError(field, message)`` (code
    ``"message"``) is the older form, still accepted.
    """

    def __init__(self, field: str, message: str | None = None, *, code: str | None = None,
                 **values: Any) -> None:
        if code is None:
            code = "message" if message is not None else "invalid"
        text = str(message) if message is not None else render(code, field, values)
        if len(text) > MESSAGE_MAX:
            text = text[:MESSAGE_MAX - 1] + "…"
        super().__init__(text)
        self.field = field
        self.code = code
        self.values = values
        self.message = text

    def __str__(self) -> str:
        return self.message


class UnknownItemError(PlaybookInputError, KeyError):
    """An id the knowledge base does not have: the domain error, and still a ``KeyError`` for
    callers written when :meth:`playbook.kb.KnowledgeBase.get` raised that."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message


def as_real(value: object) -> float | None:
    """``value`` as a float if it is a real number (bools excluded), else None.

    An int or Fraction beyond the float range becomes ``inf``; ``Decimal('sNaN')`` becomes NaN.
    """
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal)):
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf
    except (ValueError, ArithmeticError):
        return math.nan


_REPR = reprlib.Repr()
_REPR.maxstring = 22
_REPR.maxother = 22
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 4


def shown(value: object) -> str:
    """How a received value is quoted in an error message: short (at most about 30 characters)
    and safe for any input (integers of any size, huge Decimals, long texts, odd objects)."""
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, numbers.Integral):
        try:
            n = int(value)
        except Exception:  # noqa: BLE001 - an odd Integral: fall through to repr
            n = None
        if n is not None:
            if abs(n) < 10 ** 15:
                return str(n)
            return f"(约 {int(n.bit_length() * 0.30103) + 1} 位的整数)"
    if isinstance(value, Decimal):
        text = format(value, "g") if value.is_finite() and abs(value.adjusted()) < 16 else format(value, ".6g")
        return text if len(text) <= 24 else text[:20] + "…"
    if isinstance(value, str):
        text = _REPR.repr(value)
        return text
    x = as_real(value)
    if x is not None:
        return format(x, "g")
    try:
        text = _REPR.repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 30 else text[:26] + "…"


def guarded(field: str) -> Any:
    """Decorator for a public engine function: arguments of the wrong type or shape (``None``
    for a list, a 1-tuple for a pair, a forged state, an int with 5000 digits) become the domain
    error (code ``arguments``, naming the function), never a TypeError/KeyError/IndexError/
    ZeroDivisionError/OverflowError or the int-to-text limit's ValueError from deep inside.
    The engine's own checks still come first and give their specific code."""
    import functools

    def wrap(fn: Any) -> Any:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except PlaybookInputError:
                raise
            except (TypeError, AttributeError, IndexError, KeyError, ZeroDivisionError, OverflowError,
                    ValueError, RecursionError) as err:
                raise PlaybookInputError(field, code="arguments", function=fn.__name__,
                                         reason=type(err).__name__) from None
        return inner
    return wrap


def renamed_keyword(old: str, new: str) -> Any:
    """Decorator: a public function's keyword ``old`` (its former name) still works, forwarded to
    ``new`` with a :class:`DeprecationWarning`, so old notebooks keep running."""
    import functools

    def wrap(fn: Any) -> Any:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            if old in kwargs:
                if new in kwargs:
                    raise TypeError(f"{fn.__qualname__}() got both {old}= and {new}=")
                warnings.warn(f"{fn.__module__}.{fn.__qualname__}({old}=…) is deprecated; use {new}=",
                              DeprecationWarning, stacklevel=2)
                kwargs[new] = kwargs.pop(old)
            return fn(*args, **kwargs)
        return inner
    return wrap


#: The number checks moved to :mod:`playbook.normalize` (one number check for the package).
_MOVED = {"require_number": "playbook.normalize", "require_int": "playbook.normalize"}


def __getattr__(name: str) -> Any:
    """``errors.require_number`` / ``errors.require_int`` (legacy) → :mod:`playbook.normalize`, with a
    DeprecationWarning."""
    if name in _MOVED:
        import importlib

        warnings.warn(f"playbook.errors.{name} moved to {_MOVED[name]}.{name}", DeprecationWarning, stacklevel=2)
        return getattr(importlib.import_module(_MOVED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
