"""Simplified Chinese (zh-CN) copy: one entry for every id of the English catalog.

Entries follow the English modules (core, standup, risk, oncall, escalation, page, digest,
planned) in their order. Placeholders, Slack mrkdwn, mentions, links, emoji codes, code spans,
slash commands, sub-commands and option keys (`p:1-5`, `owner:@user`, `R-N` …) stay exactly as
in English, because people type them. Chinese sentences use full-width punctuation; code and
markup keep ASCII. Not registered in `LOCALES` here: the catalog merge wires locales.

Glossary (English → zh-CN):
    stand-up → 站会; status report → 状态报告; weekly status → 每周状态
    blocker → 阻塞项; away → 请假; answer → 回答; prompt (ask) → 提问
    risk register → 风险登记册; raise a risk → 登记风险; owner → 负责人
    team lead → 团队主管; admin → 管理员; team → 团队; channel → 频道
    thread → 消息列 (Slack's own zh-CN term); DM → 私信; form/modal → 表单
    probability → 可能性; impact → 影响; score → 分值; rating → 等级
    low / medium / high / critical → 低 / 中 / 高 / 严重
    review → 复审; due → 截止/到期; overdue → 逾期
    threat / opportunity → 威胁 / 机会; category → 类别
    response strategy → 应对策略; response plan → 应对计划
    trigger → 触发条件; contingency plan → 应急预案; mitigation action → 缓解措施
    avoid / mitigate / transfer / accept / escalate (strategy) → 规避 / 减轻 / 转移 / 接受 / 上报
    exploit / enhance / share → 开拓 / 提高 / 分享
    on call → 值班; rotation → 轮值; shift → 班次; override → 代班
    hand-off (shift change) → 换班/接替; hand-over (notes) → 交接说明
    escalation → 升级; escalation policy → 升级策略; level → 级; pass → 轮
    page (noun/verb) → 呼叫; acknowledge → 确认; resolve → 解决; round robin → 轮流
    MTTA (median time to acknowledge) → 确认时长中位数
    digest → 摘要; daily / weekly digest → 每日摘要 / 每周摘要
    incident → 事件; RAG → 红黄绿状态; milestone → 里程碑; kudos → 致谢; goal → 目标
"""

ZH: dict[str, str] = {
    # --- core ---
    "error.unexpected": (
        "我们这边出了问题（错误编号 `{error_id}`），没有做任何更改。管理员可在 Tandem "
        "日志中按该编号查看详情。"
    ),
    "error.usage_suffix": "{problem}\n用法：{usage}",
    "error.date_unparsed": (
        "我看不懂日期“{text}”。可以试试“明天”、“下周五下午5点”、“3天后”或“2026-12-01”。"
    ),
    "error.date_past": "“{text}”已经过去了（{when}）。请给出从现在起的日期。",
    "error.unknown_subcommand": "我不认识命令 `{command} {sub}`。",
    "error.too_long": "{field} 长 {length} 个字符，请控制在 {limit} 个以内。",
    "field.command": "命令",
    "field.message": "消息",
    "field.notes": "备注",
    "error.user_deactivated": "<@{user}> 在此工作区已停用，请选择一位在职成员。",
    "error.user_unknown": "在此工作区找不到用户 {user}。",
    "error.bad_timezone": "“{tz}”不是时区名称，请使用类似“Europe/Berlin”的名称。",
    "error.forbidden_admin": "只有 Tandem 管理员可以执行此操作。管理员名单在 tandem.toml 中。",
    "slack.send_failed": (
        "Tandem 无法向 {target} 发送消息：Slack 返回 `{error}`。键 `{key}`；不会重试。"
    ),
    "slack.send_delayed": (
        "Tandem 仍在尝试向 {target} 发送消息：Slack 一直返回 `{error}`。键 `{key}`；正在退避重试。"
    ),
    "home.title": "Tandem",
    "home.intro": (
        "Tandem 让项目和运维团队步调一致：按各自当地时间开站会，每个风险一个消息列的风险登记册，"
        "值班呼叫逐级升级直到有人确认，以及一份合并的摘要。"
    ),
    "time.late_marker": "（迟到）",
    "duration.seconds": "{n}秒",
    "duration.minutes": "{n}分钟",
    "duration.hours": "{n}小时",
    "duration.days": "{n}天",
    "duration.pair": "{larger}{smaller}",
    # --- standup ---
    "usage.standup": (
        "`/standup skip [today|DATE]` · `/standup away FROM to TO` · `/standup back` · "
        "`/standup status` · `/standup tz ZONE|reset` · `/standup help`"
    ),
    "help.standup": (
        "*/standup 用于管理你的站会。* Tandem 会在你当地时间私信你站会问题，"
        "直接在私信中回答即可。\n{usage}"
    ),
    "standup.no_open_prompt": (
        "你现在没有进行中的站会，所以这条没有保存。下一次站会开始时我会私信你；"
        "`/standup status` 可查看时间。"
    ),
    "standup.prompt.intro": "*{day}* 的 *{name}* 站会",
    "standup.prompt.late": "抱歉来晚了：本应在你当地时间 {time} 发出。",
    "standup.prompt.how": "请在这里回复，每个问题一条消息，或使用表单。编辑消息即可修改回答。",
    "standup.prompt.fallback": "{day} 的 {name} 站会：{question}",
    "standup.question": "*{n}/{total}* {question}",
    "standup.button.form": "在表单中回答",
    "standup.button.edit": "编辑回答",
    "standup.button.skip": "今天跳过",
    "standup.done": "谢谢，{day} 的问题已全部回答。要修改回答，请编辑你的消息或使用表单。",
    "standup.all_answered": (
        "你已回答了 {day} 的全部问题，所以这条没有保存。要修改回答，请编辑你的消息或使用 "
        "*编辑回答*。"
    ),
    "standup.empty_reply": "我只能保存文字回答。请以消息形式输入你的回答。",
    "standup.reminder": "提醒：你 {day} 的 *{name}* 站会还在等你回答。",
    "standup.reminder.fallback": "提醒：你 {day} 的 {name} 站会还在等你回答。",
    "standup.skipped": "已跳过：你在 {day} 被标记为请假。不会再提醒，报告中会显示你请假。",
    "standup.skip_answered": "你已回答了 {day} 的站会，你的回答会保留在报告中。",
    "standup.modal.title": "站会",
    "standup.modal.submit": "保存",
    "standup.modal.close": "取消",
    "standup.modal.header": "*{name}* · {day}",
    "standup.modal.after_report": "报告已发布；修改内容会追加到报告的消息列中。",
    "standup.modal.error_empty": "请至少回答一个问题。",
    "standup.modal.error_long": "请控制在 {limit} 个字符以内。",
    "standup.error.prompt_not_yours": "这个站会属于其他人。",
    "standup.error.prompt_missing": "找不到这个站会了。",
    "standup.blocker.title": "{who}（{team}）的阻塞项：{text}",
    "standup.report.header": "{name} 站会 · {day}",
    "standup.report.summary": "{answered} 人已回答 · {away} 人请假 · {missing} 人未回答",
    "standup.report.fallback": (
        "{name} 站会报告，{day}：{answered} 人已回答 · {away} 人请假 · {missing} 人未回答"
    ),
    "standup.report.pending": " · {pending} 人尚未提问",
    "standup.report.thread_hint": "所有人的回答都在消息列中。",
    "standup.report.partial": "_（部分回答）_",
    "standup.report.continued": "_（续）_",
    "standup.report.qa": "*{question}*\n{answer}",
    "standup.report.blocker_qa": "*{question}*\n:construction: *阻塞项：* {answer}",
    "standup.report.stale_blocker": (
        ":rotating_light: {who} 自 {since} 起一直被阻塞（{days} 天）：{text}"
    ),
    "standup.report.raise_risk": "登记为风险",
    "standup.report.away": "*请假：* {people}",
    "standup.report.missing": "*尚未回答：* {people}",
    "standup.report.upcoming": "*将在其当地时间稍后提问：* {people}",
    "standup.report.not_asked": "*未提问：* {people}（到其提问时间时 Tandem 未在运行）",
    "standup.report.nobody": "今天没有向任何人提问。",
    "standup.report.late_answer": "{who} 在报告发布后回答了：",
    "standup.report.late_edit": "{who} 在报告发布后修改了回答：",
    "standup.report.late_fallback": "{who} 补充了 {day} 的站会。",
    "standup.report.shortened": "… _（已截断；完整内容见 `tandem export standups`）_",
    "standup.skip.done": (
        "你已被标记为 {day} 请假：当天不会收到站会提问或提醒，报告中会显示你请假。"
    ),
    "standup.away.done": (
        "你已被标记为从 {start} 到 {end} 请假：期间不会收到站会提问或提醒，报告中会显示你请假。"
    ),
    "standup.error.away_range": (
        "请按 `FROM to TO` 的格式给出日期，例如 `/standup away dec 24 to jan 2`。"
    ),
    "standup.error.away_order": "{end} 早于 {start}；请先写开始日期。",
    "standup.error.away_too_long": "这是 {days} 天；一次请假最长 {limit} 天。",
    "standup.error.tz_missing": "请给出时区名称，如 `Europe/Berlin`，或 `reset`。",
    "standup.tz.set": "你的站会现在按 {tz} 时区：从下一次起，将按该时区的时间提问。",
    "standup.tz.reset": "你的站会重新按 Slack 个人资料中的时区（{tz}）。",
    "standup.status.header": "*你的站会*（时间为 {tz}，{source}）",
    "standup.status.source_profile": "来自你的 Slack 个人资料",
    "standup.status.source_override": "你的自定义设置；`/standup tz reset` 可改回跟随 Slack",
    "standup.status.item": "• *{name}*：下次提问 {when}",
    "standup.status.item_none": "• *{name}*：未来 {days} 天内没有提问",
    "standup.status.none": "你没有参加任何站会。",
    "standup.status.report_item": "• *{team}* 的每周状态报告：{when}",
    "standup.status.away": "*请假：* {periods}",
    "standup.status.no_away": "近期没有请假安排。",
    "status.prompt": "该填写 *{team}* 的每周状态报告了（{day} 当周）。",
    "status.prompt.fallback": "该填写 {team} 的每周状态报告了（{day} 当周）。",
    "status.button.open": "填写报告",
    "status.button.edit": "编辑报告",
    "status.modal.title": "每周状态",
    "status.modal.submit": "提交",
    "status.modal.close": "取消",
    "status.modal.header": "*{team}* · {day} 当周",
    "status.field.rag": "总体状态",
    "status.rag.green": "绿：进展正常",
    "status.rag.amber": "黄：有风险",
    "status.rag.red": "红：偏离计划",
    "status.field.progress": "进度（%）",
    "status.field.progress_hint": "0 到 100 的整数",
    "status.field.milestone": "下一个里程碑",
    "status.field.milestone_date": "里程碑日期",
    "status.field.milestone_date_hint": "例如 下周五、2026-12-15",
    "status.field.risks": "风险与需求",
    "status.field.kpis": "KPI，每行一个，格式为 名称: 值",
    "status.field.kpis_hint": "可用性: 99.95%",
    "status.field.incidents": "本周事件",
    "status.field.sla": "SLA 状况",
    "status.sla.met": "达标",
    "status.sla.at_risk": "有风险",
    "status.sla.breached": "未达标",
    "status.error.progress": "请填写 0 到 100 的整数。",
    "status.error.kpis": "第 {line} 行不是“名称: 值”的格式。",
    "status.error.required": "此项必填。",
    "status.error.closed": "这份状态报告已关闭：已发起更新的一份，请改用那一份。",
    "status.error.not_lead": "只有团队主管 <@{lead}> 可以填写这份报告。",
    "status.submitted": (
        "*{team}* {day} 当周的状态报告已由 <@{by}> 保存。在下周报告发起前，你都可以编辑它。"
    ),
    "status.summary.project": (
        "*状态：* {rag} · *进度：* {progress}% · *下一个里程碑：* {milestone}（{date}）"
    ),
    "status.summary.risks": "*风险与需求：* {text}",
    "status.summary.kpis": "*KPI：* {kpis}",
    "status.summary.ops": "*SLA：* {sla} · *事件：* {incidents}",
    "status.summary.none": "无",
    # --- risk ---
    "usage.risk": (
        "`/risk`（打开表单） · "
        "`/risk add TITLE [p:1-5] [i:1-5] [owner:@user] [due:DATE] [team:ID] [customer]` · "
        "`/risk list [mine|open|top|overdue|customer] [team:ID]` · `/risk show R-N` · "
        "`/risk update R-N [p:…] [i:…] [owner:…] [due:…] [status:…] [customer:yes|no]` · "
        "`/risk close R-N REASON` · `/risk escalate R-N` · `/risk help`"
    ),
    "help.risk": (
        "*/risk 在 Slack 中维护风险登记册。* 每个风险在风险频道中都有自己的消息列。\n{usage}\n"
        "可能性（p）和影响（i）取值 1 到 5；TITLE 为标题，REASON 为关闭原因，"
        "DATE 可以是“下周五下午5点”、“3天后”、“next friday”或“2026-12-01”之类的写法，"
        "按你的时区解读。缓解措施："
        "`/risk action R-N WHAT [owner:@user] [due:DATE]`，`/risk action R-N done:2`。"
        "`list closed` 显示已关闭的风险，`page:2` 显示下一页。"
    ),
    "risk.error.bad_id": "“{text}”不是风险编号；风险编号形如 `R-12`。",
    "risk.error.not_found": "没有风险 {ref}。`/risk list` 可查看登记册。",
    "risk.error.no_title": "风险需要一个标题：`/risk add Vendor may miss the API freeze`。",
    "risk.error.too_long": "{field} 长 {length} 个字符，请控制在 {limit} 个以内。",
    "risk.name.title": "标题",
    "risk.name.reason": "关闭原因",
    "risk.name.action": "缓解措施",
    "risk.name.description": "描述",
    "risk.name.response_plan": "应对计划",
    "risk.name.trigger": "触发条件",
    "risk.name.contingency": "应急预案",
    "risk.error.scale": "`{name}:{value}` 超出范围；{name} 是 1 到 5 的整数。",
    "risk.error.duplicate_key": "`{name}:` 出现了两次；每个键只能写一次。",
    "risk.error.empty_value": "`{name}:` 后面没有值。",
    "risk.error.not_a_mention": (
        "找不到“{text}”这个人。请用 @ 提及，让 Slack 链接到该名字（`owner:@name`），或写 "
        "`owner:me`。"
    ),
    "risk.error.unknown_team": "没有团队 `{team}`。tandem.toml 中的团队：{known}。",
    "risk.error.bad_status": "`{status}` 不是有效状态；请使用以下之一：{known}。",
    "risk.error.close_with_command": (
        "关闭风险需要填写原因：`/risk close R-N REASON`（或使用消息列中的“关闭…”按钮）。"
    ),
    "risk.error.close_reason": (
        "请说明关闭原因，例如 `/risk close R-3 已缓解：供应商已发布修复`。"
    ),
    "risk.error.nothing_to_update": "请说明要修改什么，例如 `/risk update R-3 p:4 due:下周五`。",
    "risk.error.bad_filter": "`{word}` 不是列表筛选条件；请使用 {known}。",
    "risk.error.bad_page": "`page:{text}` 不是页码。",
    "risk.error.strategy": "`{strategy}` 不是针对 {kind} 的应对方式。",
    "risk.error.choose": "请选择其一：{known}。",
    "risk.error.owner_required": "每个风险都需要一位指定的负责人。",
    "risk.error.no_action_text": (
        "请说明措施内容：`/risk action R-3 Call the vendor owner:@sam due:friday`。"
    ),
    "risk.error.action_done_alone": "要完成一项措施，只需写 `/risk action R-3 done:2`。",
    "risk.error.bad_action": "`done:{text}` 不是措施编号，应形如 `done:2`。",
    "risk.error.action_not_found": "{ref} 没有措施 #{action}。",
    "risk.error.action_done_already": "{ref} 的措施 #{action} 已经完成。",
    "risk.error.forbidden": "抱歉，只有{who}可以修改 {ref}。任何人都可以在其消息列中参与讨论。",
    "risk.error.forbidden_who_owner": "其负责人 <@{owner}>",
    "risk.error.forbidden_who_lead": "{team} 的团队主管 <@{lead}>",
    "risk.error.forbidden_who_admin": "Tandem 管理员",
    "risk.error.closed": "{ref} 已关闭。请先用 `/risk update {ref} status:open` 重新打开。",
    "risk.error.already_closed": "{ref} 已经关闭。",
    "risk.error.already_occurred": "{ref} 已被标记为已发生。",
    "risk.error.no_escalation": (
        "此 Tandem 未配置升级，因此无法升级 {ref}。请联系管理员设置升级策略。"
    ),
    "risk.error.no_channel": (
        "Tandem 没有风险频道：需要管理员在 tandem.toml 的 `[channels]` 下设置 `risks`。"
    ),
    "risk.error.bad_blocker": "无法读取该阻塞项；请改用 `/risk add` 登记。",
    "risk.added": "已登记 *{ref}*（{rating}）。消息列：{link}",
    "risk.added_pending": "已登记 *{ref}*（{rating}）。其消息列将出现在 <#{channel}> 中。",
    "risk.updated_reply": "已更新 *{ref}*。详情见其消息列。",
    "risk.unchanged": "未做任何更改：{ref} 已是这些值。",
    "risk.closed_reply": "已关闭 *{ref}*。",
    "risk.reviewed_reply": "已将 *{ref}* 标记为已复审。下次复审 {when}。",
    "risk.occurred_reply": "已将 *{ref}* 标记为已发生。",
    "risk.escalated_reply": "已升级 *{ref}*。升级记录将在其消息列中发布。",
    "risk.action_added_reply": "已为 *{ref}* 添加措施 #{action}。",
    "risk.action_done_reply": "已将 *{ref}* 的措施 #{action} 标记为完成。",
    "risk.duplicate": "该请求已处理过。",
    "risk.root_text": (
        "{ref} {title} · {rating}（P{p}×I{i}={score}） · 负责人 <@{owner}> · {status}"
    ),
    "risk.root_title": "*{ref} · {title}*",
    "risk.field.rating": "*等级*\n{emoji} {rating} · P{p} × I{i} = {score}",
    "risk.field.owner": "*负责人*\n<@{owner}>",
    "risk.field.status": "*状态*\n{status}",
    "risk.field.due": "*截止*\n{due}",
    "risk.field.team": "*团队*\n{team}",
    "risk.field.kind": "*类型*\n{kind} · {category}",
    "risk.field.strategy": "*应对*\n{strategy}",
    "risk.field.customer": "*客户影响*\n是",
    "risk.section.description": "{text}",
    "risk.section.contingency": "*应急预案*\n{text}",
    "risk.section.trigger": "*触发条件*\n{text}",
    "risk.section.plan": "*应对计划*\n{text}",
    "risk.section.closed": "*已关闭* {when}：{reason}",
    "risk.context": "由 <@{raised_by}> 于 {created} 登记 · 下次复审 {review}",
    "risk.no_due": "未设置",
    "risk.none": "–",
    "risk.yes": "是",
    "risk.no": "否",
    "risk.button.rescore": "重新评分",
    "risk.button.reviewed": "已复审 ✓",
    "risk.button.trigger_fired": "已触发",
    "risk.button.close": "关闭…",
    "risk.button.escalate": "升级",
    "risk.button.edit": "编辑",
    "risk.confirm.title": "确定吗？",
    "risk.confirm.trigger_fired": "将 {ref} 标记为已发生并启动升级？",
    "risk.confirm.escalate": "现在就为 {ref} 呼叫相关人员？",
    "risk.confirm.yes": "确定",
    "risk.confirm.no": "取消",
    "risk.rating.low": "低",
    "risk.rating.medium": "中",
    "risk.rating.high": "高",
    "risk.rating.critical": "严重",
    "risk.status.open": "待处理",
    "risk.status.mitigating": "缓解中",
    "risk.status.watch": "观察中",
    "risk.status.occurred": "已发生",
    "risk.status.closed": "已关闭",
    "risk.kind.threat": "威胁",
    "risk.kind.opportunity": "机会",
    "risk.strategy.avoid": "规避",
    "risk.strategy.mitigate": "减轻",
    "risk.strategy.transfer": "转移",
    "risk.strategy.accept": "接受",
    "risk.strategy.escalate": "上报",
    "risk.strategy.exploit": "开拓",
    "risk.strategy.enhance": "提高",
    "risk.strategy.share": "分享",
    "risk.probability.1": "1 · 罕见",
    "risk.probability.2": "2 · 不太可能",
    "risk.probability.3": "3 · 可能",
    "risk.probability.4": "4 · 很可能",
    "risk.probability.5": "5 · 几乎肯定",
    "risk.impact.1": "1 · 轻微",
    "risk.impact.2": "2 · 中等",
    "risk.impact.3": "3 · 严重",
    "risk.impact.4": "4 · 重大",
    "risk.impact.5": "5 · 灾难性",
    "risk.event.updated": "<@{actor}> 更新了 {ref}：\n{changes}",
    "risk.event.change": "• {field}：{before} → {after}",
    "risk.event.text_changed": "• {field}已修改",
    "risk.event.reviewed": "<@{actor}> 复审了 {ref}。下次复审 {when}。",
    "risk.event.trigger_fired": (
        "<@{actor}> 报告触发条件已出现：{ref} *已发生*。应急预案：{contingency}"
    ),
    "risk.event.escalated": "<@{actor}> 升级了 {ref}。",
    "risk.event.closed": "<@{actor}> 关闭了 {ref}：{reason}",
    "risk.event.action_added": "<@{actor}> 为 <@{owner}> 添加了措施 #{action}{due}：{text}",
    "risk.event.action_due": "，截止 {due}",
    "risk.event.action_done": "<@{actor}> 完成了措施 #{action}：{text}",
    "risk.label.title": "标题",
    "risk.label.description": "描述",
    "risk.label.kind": "类型",
    "risk.label.category": "类别",
    "risk.label.team": "团队",
    "risk.label.owner": "负责人",
    "risk.label.probability": "可能性",
    "risk.label.impact": "影响",
    "risk.label.score": "分值",
    "risk.label.rating": "等级",
    "risk.label.due_at": "截止",
    "risk.label.response_strategy": "应对",
    "risk.label.response_plan": "应对计划",
    "risk.label.trigger": "触发条件",
    "risk.label.contingency_plan": "应急预案",
    "risk.label.customer_impact": "客户影响",
    "risk.label.status": "状态",
    "risk.label.close_reason": "关闭原因",
    "risk.review.dm": (
        "*{ref} · {title}* 该复审了（{rating}，P{p}×I{i}）。评分、计划和截止日期是否仍然合适？请"
        "重新评分，或标记为已复审。"
    ),
    "risk.review.note": "{ref} 该复审了；已请 <@{owner}> 复审。",
    "risk.due.soon": (
        "*{ref} · {title}* 将于 {due} 到期，目前仍为{status}。请更新它；如果已经过去，请关闭："
        "`/risk update {ref} …`，`/risk close {ref} REASON`。"
    ),
    "risk.due.overdue": (
        "*{ref} · {title}* 已于 {due} 到期，目前仍为{status}。请更新日期或关闭："
        "`/risk update {ref} due:…`，`/risk close {ref} REASON`。"
    ),
    "risk.action.due_soon": "你在 *{ref} · {title}* 上的措施 #{action} 将于 {due} 到期：{text}",
    "risk.action.overdue": "你在 *{ref} · {title}* 上的措施 #{action} 已于 {due} 到期：{text}",
    "risk.action.finish_hint": "完成了？`/risk action {ref} done:{action}`",
    "risk.list.header": "*风险{filters}* · 共 {total} 条",
    "risk.list.empty": "没有符合条件的风险{filters}。",
    "risk.list.line": "{emoji} *{ref}* {title} · {score} {rating} · <@{owner}> · {status}{due}",
    "risk.list.due": " · 截止 {due}",
    "risk.list.more": "第 {page}/{pages} 页 · 下一页：`/risk list {args}page:{next}`",
    "risk.list.page": "第 {page}/{pages} 页",
    "risk.show.thread": "<{link}|打开消息列>",
    "risk.show.actions": "*缓解措施*\n{lines}",
    "risk.show.action": "{mark} #{action} {text} · <@{owner}>{due}",
    "risk.show.history": "*历史记录*（最近 {shown} 条，共 {total} 条）\n{lines}",
    "risk.show.event": "{when} · {who} · {what}",
    "risk.history.created": "登记了风险",
    "risk.history.updated": "修改了{fields}",
    "risk.history.reviewed": "复审了风险",
    "risk.history.trigger_fired": "报告触发条件已出现",
    "risk.history.escalated": "升级了风险",
    "risk.history.closed": "关闭了风险",
    "risk.history.action_added": "添加了一项措施",
    "risk.history.action_done": "完成了一项措施",
    "risk.history.tandem": "Tandem",
    "risk.escalation.manual": "从风险登记册手动升级",
    "risk.escalation.occurred": "风险的触发条件已出现：风险已发生",
    "risk.escalation.critical": "登记了一个严重风险",
    "risk.modal.new": "新建风险",
    "risk.modal.edit": "编辑风险",
    "risk.modal.rescore": "重新评分",
    "risk.modal.close": "关闭风险",
    "risk.modal.submit": "保存",
    "risk.modal.submit_close": "关闭风险",
    "risk.modal.cancel": "取消",
    "risk.modal.title": "标题",
    "risk.modal.title_hint": "由于<原因>，可能发生<事件>，从而导致<后果>。",
    "risk.modal.description": "描述",
    "risk.modal.kind": "威胁还是机会",
    "risk.modal.category": "类别",
    "risk.modal.team": "团队",
    "risk.modal.owner": "负责人",
    "risk.modal.probability": "可能性",
    "risk.modal.impact": "影响",
    "risk.modal.due": "截止（可能发生或需要决策的时间）",
    "risk.modal.strategy": "应对策略",
    "risk.modal.plan": "应对计划",
    "risk.modal.trigger": "触发条件（预警信号）",
    "risk.modal.contingency": "应急预案（一旦发生我们怎么做）",
    "risk.modal.customer": "客户影响",
    "risk.modal.customer_option": "客户会察觉",
    "risk.modal.status": "状态",
    "risk.modal.reason": "为什么关闭？",
    "risk.modal.reason_hint": "例如：已缓解、已过期、已接受、已转为问题",
    "risk.modal.rescore_intro": "*{ref} · {title}* 当前为{rating}（P{p}×I{i}={score}）。",
    # --- oncall ---
    "usage.oncall": (
        "`/oncall`（当前和下一位值班人） · `/oncall override ROTATION @user FROM to TO` · "
        "`/oncall override list [ROTATION]` · `/oncall override remove O-N` · "
        "`/oncall cover ROTATION FROM to TO [NOTE]` · "
        "`/oncall calendar [ROTATION]`（你的私人日历订阅） · `/oncall help`"
    ),
    "help.oncall": "*/oncall 查看和调整值班人员。* 时间按你的时区显示。\n{usage}",
    "oncall.none_configured": "尚未设置任何轮值；请在 tandem.toml 中添加 `[[rotations]]`。",
    "oncall.status_line": "*{rotation}*（{team}）：{now} · {next}",
    "oncall.now": "当前值班 {user}，至 {until}",
    "oncall.now_open": "当前值班 {user}",
    "oncall.next": "下一位 {user}，从 {start} 至 {end}",
    "oncall.next_open": "下一位 {user}，从 {start} 起",
    "oncall.no_next": "之后没有其他人排班",
    "oncall.nobody": "无人",
    "oncall.override_malformed": (
        "请说明轮值、人员和时间，例如 "
        "`/oncall override ops-primary @dana 明天上午9点 到 周五下午5点`。"
    ),
    "oncall.unknown_rotation": "没有轮值 `{rotation}`。现有轮值：{known}。",
    "oncall.override_forbidden": (
        "只有 {team} 的团队主管或 Tandem 管理员可以为 `{rotation}` 安排代班。"
    ),
    "oncall.override_order": "代班的结束时间必须晚于开始时间（{start} → {end}）。",
    "oncall.override_past": "该代班在现在之前就结束了（{end}）；请给出从现在起的时间。",
    "oncall.override_too_long": "一次代班最长 {days} 天；更长的请拆分。",
    "oncall.override_done": (
        "{ref}：{user} 将从 {start} 至 {end} 代替 {previous} 担任 *{rotation}* 的值班。"
    ),
    "oncall.override_dm_new": "<@{by}> 安排你从 {start} 至 {end} 担任 *{rotation}* 的值班。",
    "oncall.override_dm_old": (
        "<@{by}> 将你 *{rotation}* 的部分值班时间交给了 <@{user}>：从 {start} 至 {end} 你不用值班。"
    ),
    "oncall.calendar_link": (
        "*{rotation}*：{url}\n在日历应用中通过 URL 订阅即可。此链接是私密的："
        "任何拿到它的人都能看到该轮值的班次。"
    ),
    "oncall.calendar_no_url": (
        "无法从此请求中得知 Tandem 的网址（Socket Mode 下没有网址）：请在路径前加上运行 "
        "`tandem web` 或 `tandem serve` 的服务器地址。"
    ),
    "oncall.calendar_name": "值班：{rotation}",
    "oncall.calendar_event": "{name} 值班（{rotation}）",
    "oncall.calendar_detail": "Slack 用户 {user}。来自 Tandem：已包含代班、顶班和请假时间。",
    "oncall.handoff": "{new} 接替 {old} 担任 *{rotation}* 的值班，至 {end}。",
    "oncall.handoff_open": "{new} 接替 {old} 担任 *{rotation}* 的值班。",
    "oncall.handoff_dm": "提醒：你将从 {start} 至 {end} 担任 *{rotation}* 的值班。",
    "oncall.handoff_dm_open": "提醒：你将从 {start} 起担任 *{rotation}* 的值班。",
    "oncall.handover_prompt": (
        ":handshake: 你的 *{rotation}* 班次已于 {at} 交给 {incoming}。请写一份交接说明，"
        "让对方了解当前情况：它会发送给对方和团队频道。"
    ),
    "oncall.handover_button": "写交接说明",
    "oncall.handover_modal_title": "交接说明",
    "oncall.handover_modal_submit": "发送",
    "oncall.handover_modal_close": "稍后",
    "oncall.handover_modal_intro": (
        "你将 *{rotation}* 交接给 {incoming} 的说明。下方未关闭的呼叫和风险会一并附上。"
    ),
    "oncall.handover_pages": "*你未关闭的呼叫*\n{pages}",
    "oncall.handover_risks": "*团队未关闭的严重和高风险*\n{risks}",
    "oncall.handover_notes": "给下一位的备注",
    "oncall.handover_notes_hint": "当前情况、需要关注什么、还有哪些没做完",
    "oncall.handover_notes_missing": "请给下一位写几句话。",
    "oncall.handover_none": "无",
    "oncall.handover_page_line": "*{ref}* {title}（{status}，自 {since} 起）",
    "oncall.handover_risk_line": "*{ref}* {title}（{rating}，负责人 <@{owner}>）",
    "oncall.handover_run_triggered": "呼叫中",
    "oncall.handover_run_acknowledged": "已确认",
    "oncall.handover_text": (
        ":handshake: *{rotation} 交接说明*，<@{outgoing}> 交给 {incoming}（{at}）\n"
        "*未关闭的呼叫*\n{pages}\n*未关闭的严重和高风险*\n{risks}\n*备注*\n{notes}"
    ),
    "oncall.handover_unknown": "该交接已不存在（其轮值已被删除）。",
    "oncall.handover_not_yours": "只有在这次换班时结束 *{rotation}* 班次的人才能写交接说明。",
    "oncall.handover_done": "你已经发送过这份 *{rotation}* 交接说明。",
    "escalation.page_text": "呼叫：{ref} {title}。确认即可停止升级。",
    "escalation.page_title": ":rotating_light: *你被呼叫处理 {ref}：{title}*",
    "escalation.page_detail": (
        "第 {level}/{levels} 级，第 {pass_no}/{passes} 轮 · 策略 `{policy}` 版本 `{version}`\n"
        "{reason}"
    ),
    "escalation.button_ack": "确认",
    "escalation.button_now": "立即升级",
    "escalation.button_resolve": "解决",
    "escalation.page_acked": ":white_check_mark: 已由 <@{user}> 于 {at} 确认。",
    "escalation.page_resolved": ":white_check_mark: 已由 {user} 于 {at} 解决。",
    "escalation.page_exhausted": ":warning: 无人确认；升级已于 {at} 结束。{ref} 仍未关闭。",
    "escalation.log_started": (
        ":rotating_light: {by} 启动了 *{ref}*（{title}）的升级：{reason}。策略 `{policy}` 版本 "
        "`{version}`：共 {levels} 级，重复 {repeat} 次。"
    ),
    "escalation.log_fired": (
        "第 {level}/{levels} 级（第 {pass_no}/{passes} 轮）：已呼叫 {users}。若无人确认，"
        "下一步在 {next}。"
    ),
    "escalation.log_fired_last": (
        "第 {level}/{levels} 级（第 {pass_no}/{passes} 轮）：已呼叫 {users}。这是最后一步；"
        "若无人确认，升级将在 {next} 结束。"
    ),
    "escalation.log_skipped": (
        "已跳过第 {level}/{levels} 级（第 {pass_no}/{passes} 轮）：{targets} 没有对应任何人。"
    ),
    "escalation.log_escalated": "{by} 已立即升级。",
    "escalation.log_acked": "<@{user}> 在 {mtta} 后确认。",
    "escalation.log_reacked": "<@{user}> 再次确认。",
    "escalation.log_resolved": "已由 {by} 解决。后续呼叫全部停止。",
    "escalation.log_exhausted": ":warning: 升级结束，无人确认。{ref} 仍未关闭。",
    "escalation.log_watchdog": (
        ":hourglass: 看门狗：原定 {due} 执行的步骤延迟了 {late}（时钟未运行）；现在执行。"
    ),
    "escalation.someone": "某人",
    "escalation.system": "Tandem",
    "escalation.notice_nobody": (
        "<!here> *{ref}*（{title}）无人可呼叫：第 {pass_no} 轮的每一级都没有对应任何人。"
        "请有人接手处理。"
    ),
    "escalation.notice_no_policy": (
        "<!here> *{ref}*（{title}）需要关注，但 tandem.toml 中没有升级策略 `{policy}`，"
        "因此没有呼叫任何人。"
    ),
    "escalation.notice_exhausted": (
        ":warning: *{ref}*（{title}）的升级在 {passes} 轮后结束，无人确认。它仍未关闭；"
        "请有人接手处理。"
    ),
    "escalation.notice_past_end": (
        "<!here> {by} 将 *{ref}*（{title}）升级到了策略最后一级之后：已没有可以再呼叫的人。"
        "请有人接手处理。"
    ),
    "escalation.not_found": "该升级已不存在。",
    "escalation.not_paged": "只有此次升级中被呼叫的人或 Tandem 管理员才能执行此操作。",
    "escalation.acked": "已确认。不会再为 {ref} 呼叫其他人。",
    "escalation.already_acked": "{ref} 已由 <@{user}> 于 {at} 确认。",
    "escalation.ended": "{ref} 的升级已经结束（{status}）。",
    "escalation.escalated": "已将 {ref} 升级到下一级。",
    "escalation.escalated_past_end": "{ref} 已处于最后一级，因此我已在升级频道请求协助。",
    "escalation.resolved": "已解决 {ref}；后续呼叫全部停止。",
    "escalation.status_resolved": "已解决",
    "escalation.status_exhausted": "未及时确认",
    # --- escalation ---
    "escalation.state_triggered": (
        "*{ref}* 已在升级中（策略 `{policy}`，开始于 {started}）：第 {level}/{levels} 级，第 "
        "{pass_no}/{passes} 轮。没有呼叫新的人。"
    ),
    "escalation.state_acknowledged": (
        "*{ref}* 已在升级中（策略 `{policy}`，开始于 {started}）：已由 <@{user}> 于 {at} 确认。"
        "没有呼叫新的人。"
    ),
    "escalation.state_paged": "已呼叫：{pages}。",
    "escalation.state_paged_one": "<@{user}>（{at}）",
    "escalation.state_nobody_paged": "尚未呼叫任何人。",
    "escalation.state_next": "若无人确认，下一级将在 {at} 触发。",
    "escalation.state_last": "这是最后一级：若无人确认，升级将在 {at} 结束。",
    "escalation.state_again": "若未先解决，将在 {at} 再次呼叫。",
    "escalation.state_waiting": "在有人解决之前，它会一直保持未关闭。",
    "escalation.state_thread": "消息列：{link}",
    "escalation.log_fired_turn": (
        "第 {level}/{levels} 级（第 {pass_no}/{passes} 轮），轮流：已呼叫 {users}（{count} "
        "人中轮到的）。若无人确认，下一步在 {next}。"
    ),
    "escalation.log_fired_turn_last": (
        "第 {level}/{levels} 级（第 {pass_no}/{passes} 轮），轮流：已呼叫 {users}（{count} "
        "人中轮到的）。这是最后一步；若无人确认，升级将在 {next} 结束。"
    ),
    "escalation.log_handoff": (
        ":arrow_right: 策略 `{policy}` 下无人确认：将 {ref} 转交给策略 `{then}`。"
    ),
    "escalation.log_handoff_refused": (
        "策略 `{policy}` 会转交给 `{then}`，但此次升级已经经过 `{then}`，因此到此结束。"
    ),
    "escalation.log_handoff_missing": (
        "策略 `{policy}` 会转交给 `{then}`，但 tandem.toml 中已不再定义该策略，因此到此结束。"
    ),
    "escalation.reason_handoff": "由策略 `{policy}` 转交：该策略下无人确认",
    "escalation.page_handed_off": ":arrow_right: 无人确认；{ref} 已于 {at} 转交给策略 `{then}`。",
    "escalation.log_acked_again_after": (
        "若未先解决，将在 {at} 再次呼叫（`reescalate_after` {after}）。"
    ),
    "escalation.log_reescalated": (
        ":repeat: {user} 在 {ago} 前确认但尚未解决：再次呼叫第 {level}/{levels} 级。"
    ),
    "escalation.page_fallback": (
        ":rotating_light: 你被呼叫处理 {ref}：{title}。由于速率限制，Slack 将完整呼叫推迟了 "
        "{delay}；稍后会连同按钮一起发送。在此之前，请在升级消息列中回复，或在升级频道中询问。"
    ),
    "escalation.log_page_delayed": (
        ":snail: 发给 <@{user}> 的呼叫因 Slack 速率限制被推迟了 {delay}；已先以普通私信发送。"
    ),
    # --- page ---
    "usage.page": (
        "`/page @user MESSAGE` · `/page rotation:ID MESSAGE` · `/page team:ID MESSAGE`（其团队主"
        "管） · `/page policy:ID MESSAGE` · `/page help`"
    ),
    "help.page": (
        "*/page 立即呼叫某人。* 任何人都可以发起呼叫。每次呼叫在升级频道中都有自己的消息列，"
        "并带有和所有呼叫一样的“确认 / 立即升级 / 解决”按钮；呼叫个人、轮值或团队主管时，每 15 "
        "分钟重新呼叫一次，共三次，直到有人确认。MESSAGE 为呼叫内容。\n{usage}"
    ),
    "page.malformed": (
        "请说明呼叫谁以及原因，例如 `/page rotation:ops-primary Checkout returns 500s`。"
    ),
    "page.no_message": (
        "请在 `{target}` 后写明呼叫内容，例如 `/page {target} Checkout returns 500s`。"
    ),
    "page.bad_target": (
        "`{target}` 不是可呼叫的对象：请指定 @某人、`rotation:ID`、`team:ID`（其团队主管）或 "
        "`policy:ID`。"
    ),
    "page.unknown_team": "没有团队 `{team}`。现有团队：{known}。",
    "page.unknown_policy": "没有升级策略 `{policy}`。现有策略：{known}。",
    "page.reason": "/page {target}：{message}",
    "page.started": "已为 *{ref}* 呼叫 {target}。消息列：{link}",
    "page.nobody": (
        ":warning: {target} 目前没有对应任何人，因此没有为 *{ref}* 呼叫任何人；"
        "已请升级频道接手处理：{link}"
    ),
    "page.started_pending": (
        "已为 *{ref}* 呼叫 {target}。Slack 接收该消息后，其消息列会立即出现在 <#{channel}> 中。"
    ),
    "page.started_no_thread": (
        "已为 *{ref}* 呼叫 {target}。tandem.toml 未指定升级频道，因此该呼叫没有消息列。"
    ),
    # --- digest ---
    "usage.digest": "`/digest preview [ID]` · `/digest post ID`（仅管理员） · `/digest help`",
    "help.digest": (
        "*/digest 显示合并后的项目 + 运维摘要。* `preview` 仅向你显示；`post` "
        "立即将其发送到对应频道。\n{usage}"
    ),
    "digest.none_configured": "尚未配置任何摘要。请先在 tandem.toml 中添加 `[[digests]]` 表。",
    "digest.unknown": "没有摘要 `{id}`。现有摘要：{known}。",
    "digest.post_needs_id": "请说明要发布哪个摘要。现有摘要：{known}。",
    "digest.posted": "已将 `{id}` 摘要发布到 <#{channel}>。",
    "digest.already_posted": "此请求已经发布过 `{id}` 摘要。",
    "digest.preview.more": "……另有 {count} 部分，发布后的摘要会放在其消息列中。",
    "digest.header.daily": "每日摘要 · {day}",
    "digest.header.weekly": "每周摘要 · 截至 {day} 的一周",
    "digest.header.other": "摘要 · {day}",
    "digest.period": "{start} – {end}",
    "digest.about": "{period} · {teams}",
    "digest.headline": "*概览：* {teams}\n未关闭的严重/高风险：*{risks}* · {pages}",
    "digest.headline.pages": "呼叫：*{count}* 次，确认时长中位数 *{mtta}*",
    "digest.headline.pages_unacked": "呼叫：*{count}* 次，均未确认",
    "digest.headline.no_pages": "无呼叫",
    "digest.nobody": "无人",
    "digest.section.projects": "项目",
    "digest.section.ops": "运维",
    "digest.section.risks": "风险",
    "digest.section.people": "人员",
    "digest.rag.green": "进展正常",
    "digest.rag.amber": "有风险",
    "digest.rag.red": "偏离计划",
    "digest.rag.none": "未给出红黄绿状态",
    "digest.sla.green": "SLA 达标",
    "digest.sla.amber": "SLA 有风险",
    "digest.sla.red": "SLA 未达标",
    "digest.sla.none": "未给出 SLA 状况",
    "digest.team.no_report": "尚无状态报告",
    "digest.team.reported": "报告于 {when}",
    "digest.team.stale": "最近一次报告于 {when}，本期没有",
    "digest.team.participation": (
        "站会：{days}内 {present} 人次中 {answered} 人次已回答（{rate}） · {away} 人次请假"
    ),
    "digest.team.days.one": "1 天",
    "digest.team.days.many": "{count} 天",
    "digest.team.blockers": "未解决的阻塞项（{count}）：",
    "digest.team.blocker": "• {user}：{text} · 已持续 {age}",
    "digest.project.progress": "已完成 {percent}%",
    "digest.project.milestone": "下一个里程碑：{milestone}{when}",
    "digest.ops.kpis": "KPI：{kpis}",
    "digest.ops.incidents": "事件（{count}）：",
    "digest.ops.no_incidents": "事件：未报告",
    "digest.ops.on_call": "值班（{rotation}）：{user} 至 {until}，之后是 {next}",
    "digest.esc.title": "*本期升级：{count}* · 确认时长中位数 {mtta} · {exhausted} 次无人确认",
    "digest.handover.title": "*交接说明*（{count}）",
    "digest.handover.line": "• *{rotation}* {outgoing} → {incoming} · {at}：{notes}",
    "digest.esc.line": "• {subject} · 呼叫于 {started} · {outcome}",
    "digest.esc.acked": "{user} 在 {after} 后确认",
    "digest.esc.exhausted": ":rotating_light: 已结束：无人确认",
    "digest.esc.open": "尚未确认",
    "digest.risks.summary": (
        "未关闭风险：*{total}* · 严重 {critical} · 高 {high} · 中 {medium} · 低 {low}"
    ),
    "digest.risks.no_changes": "自上次摘要以来，没有新登记、修改或关闭的风险。",
    "digest.risks.top": "*主要风险*",
    "digest.risks.new": "*上次摘要以来新增（{count}）*",
    "digest.risks.changed": "*有变更（{count}）*",
    "digest.risks.closed": "*已关闭（{count}）*",
    "digest.risks.overdue": "*复审逾期（{count}）*",
    "digest.risks.due_soon": "*14 天内到期（{count}）*",
    "digest.risk.score": "{score} {rating}（p{p}×i{i}）",
    "digest.risk.owner": "负责人 {owner}",
    "digest.risk.due": "截止 {day}",
    "digest.risk.was": "原为 {score}",
    "digest.risk.status": "现为{status}",
    "digest.risk.closed": "已关闭：{reason}",
    "digest.risk.review_due": "复审应于 {day} 完成",
    "digest.rating.critical": "严重",
    "digest.rating.high": "高",
    "digest.rating.medium": "中",
    "digest.rating.low": "低",
    "digest.people.metrics": "*各团队人员指标*",
    "digest.people.metrics_line": (
        "• *{team}*：参与率 {participation} · 按时率 {on_time} · 阻碍 {blockers}"
        "（最久 {oldest_blocker}）· 未关闭风险 {risks}（中位时长 {risk_age}，最久 "
        "{oldest_risk}）· 逾期评审 {overdue} · 平均确认时间 {mtta} · 点赞 {kudos}"
    ),
    "digest.people.away": "*请假（{count}）*",
    "digest.people.away_line": "• {user}：{days}",
    "digest.people.days": "{first} 至 {last}",
    "digest.people.kudos": "*致谢（{count}）*",
    "digest.people.kudos_line": "• {receiver} ×{count}，来自 {givers}：{reasons}",
    "digest.people.kudos_reason": "「{text}」",
    "digest.section.goals": "共同目标（{count}）",
    "digest.goal.line": "• *{ref}* {title}：{progress}{due}\n    共享团队：{teams}",
    "digest.goal.progress": "{bar}（{value} / {target}）",
    "digest.goal.no_target": "{value}（无目标值）",
    "digest.goal.due": " · {day} 到期",
    "digest.continued.one": ":thread: 续见消息列：还有 1 部分。",
    "digest.continued.many": ":thread: 续见消息列：还有 {count} 部分。",
    "digest.part": "摘要 {period} · 第 {n}/{total} 部分",
    "digest.chart.heatmap.title": "按可能性和影响分布的未关闭风险（{count}）",
    "digest.chart.participation.title": "站会参与度，最近 {weeks} 周",
    "digest.chart.impact": "影响",
    "digest.chart.probability": "可能性",
    "digest.chart.participation.axis": "已回答（%）",
    "digest.chart.week_ending": "周截止日",
    "digest.charts_failed": "无法附加此摘要的图表：Slack 返回 `{error}`。",
    # --- usage of goals, kudos and lessons ---
    "usage.goal": (
        "`/goal add TITLE [teams:ID,ID] [target:N] [due:DATE]` · `/goal update G-N value:N` · "
        "`/goal list` · `/goal help`"
    ),
    "usage.kudos": "`/kudos @user for WHAT` · `/kudos help`",
    "usage.lesson": "`/lesson search WORDS` · `/lesson help`",
    # goals (bot/core/messages/goals.py)
    "help.goal": (
        "*/goal 维护项目团队和运维团队共享的目标。* 目标有指标、目标值、当前值和截止日期；"
        "每次更新都会发到各共享团队的频道，每份摘要都会显示进度。团队默认为你所在的团队；"
        "共享团队的任何成员（或管理员）都可以更新。\n{usage}\n"
        "示例：`/goal add 结账转化率 % teams:apollo,ops target:4.5 due:2026-12-31`"
    ),
    "goal.error.no_title": "请给目标起个标题，例如 `/goal add 结账转化率 % target:4.5`。",
    "goal.error.too_long": "标题有 {length} 个字符；请控制在 {limit} 个以内。",
    "goal.error.duplicate_key": "`{name}:` 写了两次；只写一次即可。",
    "goal.error.empty_value": "`{name}:` 的冒号后面需要一个值。",
    "goal.error.unknown_team": "没有 `{team}` 这个团队。团队有：{known}。",
    "goal.error.not_a_number": (
        "`{name}:{value}` 不是数字；请写成 `{name}:42` 或 `{name}:7.5` 这样的数字。"
    ),
    "goal.error.bad_id": "`{text}` 不是目标编号；目标编号形如 `G-3`。",
    "goal.error.no_value": "请给出新的值，例如 `/goal update {ref} value:42`。",
    "goal.error.update_extra": (
        "`/goal update` 只接受目标编号和 `value:N`，例如 `/goal update G-3 value:42`。"
    ),
    "goal.error.no_team": (
        "你不在 tandem.toml 的任何团队中，请用 `teams:ID,ID` 指明共享目标的团队。团队有：{known}。"
    ),
    "goal.error.not_member_add": (
        "只有共享团队的成员（或管理员）才能为 {teams} 添加目标；请在 `teams:` 中加入你自己的团队。"
    ),
    "goal.error.not_member_update": "只有共享 *{ref}* 的团队（{teams}）的成员或管理员才能更新它。",
    "goal.error.unknown": "没有目标 {ref}。`/goal list` 会列出你所在团队的目标。",
    "goal.added": (
        "已添加 *{ref}* {title}，共享团队：{teams}。用 `/goal update {ref} value:N` 更新它。"
    ),
    "goal.updated": "已更新 *{ref}* {title}：",
    "goal.list.title": "*{teams} 的共同目标*（{count}）",
    "goal.list.everyone": "所有团队",
    "goal.list.empty": "{teams} 还没有共同目标。用 `/goal add TITLE` 添加一个。",
    "goal.line": "*{ref}* {title}：{progress}{due}\n    共享团队：{teams}",
    "goal.progress": "{bar}（{value} / {target}）",
    "goal.progress_no_target": "{value}（无目标值）",
    "goal.due": " · {day} 到期",
    "goal.post.added": ":dart: <@{by}> 添加了一个共同目标：{line}",
    "goal.post.updated": ":dart: <@{by}> 把 *{ref}* 从 {previous} 更新为 {value}：{line}",
    # kudos (bot/core/messages/kudos.py)
    "help.kudos": (
        "*/kudos 在团队看得到的地方感谢某人。* 致谢会发到你所在团队的频道（你不在任何团队时发到"
        "对方团队的频道），按人计数；每周摘要会表彰本周项目和运维团队收到的致谢。\n{usage}\n"
        "示例：`/kudos @dana 一直守到故障切换完成`"
    ),
    "kudos.error.no_user": "请先说明要感谢谁，例如 `/kudos @dana 修好了值班表`。",
    "kudos.error.no_reason": "请说明致谢的原因，例如 `/kudos {user} 修好了构建`。",
    "kudos.error.self": "心意很好，但致谢是用来感谢别人的。最近谁帮过你？`/kudos @同事 …`",
    "kudos.error.bot": "<@{user}> 是机器人；致谢是给人的。请感谢它背后的那个人。",
    "kudos.error.no_channel": (
        "你和 <@{user}> 都不在 tandem.toml 的任何团队中，所以没有可以发布致谢的团队频道。"
        "请管理员把你们中的一位加入某个团队。"
    ),
    "kudos.error.too_long": "原因有 {length} 个字符；请控制在 {limit} 个以内。",
    "kudos.posted": "你给 <@{user}> 的致谢已发到 <#{channel}>。",
    "kudos.post": (
        ":clap: <@{giver}> 感谢 <@{receiver}>：{text}\n_<@{receiver}> 已收到 {count} 次致谢。_"
    ),
    "kudos.post.first": (
        ":clap: <@{giver}> 感谢 <@{receiver}>：{text}\n_这是 TA 收到的第一次致谢！_"
    ),
    # customer orientation (bot/core/messages/customer.py)
    "risk.error.yes_no": "`{name}:{value}` 只能是 `yes` 或 `no`，例如 `{name}:yes`。",
    "customer.mark": ":busts_in_silhouette: 客户",
    "customer.page_note": ":busts_in_silhouette: *这会影响客户*。",
    # --- webhooks ---
    "webhook.send_failed": (
        "Tandem 无法把事件投递到 {target}：`{error}`。键 `{key}`；不会再重试。"
    ),
    "webhook.send_delayed": (
        "Tandem 仍在尝试把事件投递到 {target}：对方一直返回 `{error}`。键 `{key}`；"
        "正在退避重试，绝不丢弃。"
    ),
    # --- home ---
    "home.roles.title": "*你的角色*",
    "home.roles.lead": "{teams} 的主管",
    "home.roles.member": "{teams} 的成员",
    "home.roles.rotation": "在 {rotations} 轮值中",
    "home.roles.rotations": "在 {rotations} 轮值中",
    "home.roles.owner": "{count} 个风险的负责人",
    "home.roles.owner_many": "{count} 个风险的负责人",
    "home.roles.none": "目前还没有团队、轮值或风险列出你。",
    "home.action.new_risk": "登记风险",
    "home.action.skip_today": "今天跳过",
    "home.action.away": "请假",
    "home.prompts.title": "*等你处理*",
    "home.prompts.none": "没有等你处理的事项。",
    "home.prompts.standup": "站会 *{name}*（{day}）：已回答 {answered}/{questions}",
    "home.prompts.status": "状态报告 *{name}*（{day} 所在周）",
    "home.prompts.answer": "回答",
    "home.prompts.write": "填写",
    "home.risks.title": "*你负责的风险*（{count}）",
    "home.risks.none": "你没有负责的未关闭风险。",
    "home.risks.line": "• {ref} {title} · 分值 {score}{review}",
    "home.risks.review_overdue": " · 复审已逾期",
    "home.risks.more": "……还有 {count} 个：`/risk list mine`",
    "home.risks.rating": "*{rating}*",
    "home.oncall.title": "*值班*",
    "home.oncall.now": "• *{rotation}*：{user}，至 {until}",
    "home.oncall.now_open": "• *{rotation}*：{user}",
    "home.oncall.nobody": "无人",
    "home.oncall.yours": "• 你在 *{rotation}* 的下一个班次：{start}",
    "home.oncall.yours_now": "• 你正在 *{rotation}* 值班，至 {until}",
    "home.oncall.none": "你的团队没有轮值。",
    "home.metrics.title": "*你的团队，最近 7 天*",
    "home.metrics.team": (
        "*{team}*：参与率 {participation} · 准时率 {on_time} · 未解决阻塞项 {blockers}{oldest}"
        " · 逾期风险复审 {overdue} · 确认时长中位数 {mtta} · 未关闭风险 {risks}{risk_age}"
        " · 点赞 {kudos}"
    ),
    "home.metrics.risk_age": "（中位时长 {median}，最久 {oldest}）",
    "home.metrics.oldest": "（最久 {age}）",
    "home.metrics.none": "暂无",
    "home.more": "这里放不下全部内容：`/risk list mine`、`/oncall`、`/standup status`。",
    "home.away.title": "请假",
    "home.away.submit": "保存",
    "home.away.cancel": "取消",
    "home.away.from": "开始",
    "home.away.to": "结束（含当天）",
    "home.away.error_order": "结束日期不能早于开始日期。",
    "home.away.error_missing": "请选择日期。",
    # on-call: away covers, override list/remove, cover requests, load; /standup back
    "oncall.covers_for": "{user}（代 {away} 值班，{away} 不在）",
    "oncall.all_away": "{user}（此轮值的所有成员都不在）",
    "oncall.override_overlap": (
        "这与 {ref} 重叠（<@{user}> 从 {start} 至 {end} 担任 *{rotation}* 的值班）。同一"
        "轮值的代班不能重叠：请先移除 {ref}（`/oncall override remove {ref}`）或换个时间"
        "。"
    ),
    "oncall.override_list_header": "当前及之后的代班：",
    "oncall.override_list_line": "`{ref}` *{rotation}*：{user}，从 {start} 至 {end}",
    "oncall.override_list_none": "现在及之后都没有代班。",
    "oncall.override_list_none_of": "*{rotation}* 现在及之后都没有代班。",
    "oncall.override_remove_malformed": (
        "请用编号说明要移除哪个代班，例如 `/oncall override remove O-3`（`/oncall overrid"
        "e list` 会列出它们）。"
    ),
    "oncall.override_unknown": "没有代班 {ref}；`/oncall override list` 会列出现有的代班。",
    "oncall.override_remove_forbidden": (
        "抱歉，只有 <@{user}>（{ref} 中的代班人）、{team} 的团队主管或 Tandem 管理员可以"
        "移除 {ref}。"
    ),
    "oncall.override_removed": (
        "已移除 {ref}：{user} 从 {start} 至 {end} 不再担任 *{rotation}* 的值班；恢复按排班。"
    ),
    "oncall.override_removed_dm": (
        "<@{by}> 移除了 {ref}：你从 {start} 至 {end} 不再担任 *{rotation}* 的值班。"
    ),
    "oncall.cover_malformed": (
        "请说明轮值和时间，例如 `/oncall cover ops-primary friday 9am to monday 9am 看牙`。"
    ),
    "oncall.cover_not_member_ask": "只有 `{rotation}` 的成员可以为它请人代班。",
    "oncall.cover_note_too_long": "备注请控制在 {limit} 个字符以内。",
    "oncall.cover_request": (
        ":raising_hand: <@{user}> 请人代 *{rotation}* 的值班，从 {start} 至 {end}。第一个"
        "接下的其他成员届时值班。"
    ),
    "oncall.cover_note": "备注：{note}",
    "oncall.cover_button": "接下",
    "oncall.cover_taken_by": ":white_check_mark: 已由 <@{user}> 接下。",
    "oncall.cover_asked": (
        "已在 <#{channel}> 请人代 *{rotation}* 的值班，从 {start} 至 {end}；有人接下时我会告诉你。"
    ),
    "oncall.cover_unknown": "该代班请求已不存在。",
    "oncall.cover_own": "这是你自己的请求；需要由其他人接下。",
    "oncall.cover_not_member": "抱歉，只有 `{rotation}` 的成员可以接下它的代班请求。",
    "oncall.cover_taken": "谢谢，不过 <@{user}> 已经接下了。",
    "oncall.cover_over": "该请求的时间已经过了，无需接下。",
    "oncall.cover_took": "{ref}：你从 {start} 至 {end} 担任 *{rotation}* 的值班。谢谢你代班！",
    "oncall.cover_taken_dm": (
        "<@{user}> 接下了你的代班请求：他们从 {start} 至 {end} 担任 *{rotation}* 的值班（{ref}）。"
    ),
    "oncall.handoff_covers": "代 {user} 值班，{user} 不在。",
    "oncall.handoff_all_away": "此轮值的所有成员都不在，因此按排班不变。",
    "escalation.log_away_skipped": (
        "第 {level}/{levels} 级：跳过了 {users}（不在）；已呼叫该级的其他人。"
    ),
    "escalation.log_away_paged": (
        "第 {level}/{levels} 级：该级的所有人都不在（{users}）；由于该级没有其他人，仍呼叫了他们。"
    ),
    "standup.back.done": (
        "欢迎回来！从今天起你不再处于离开状态（{periods} 已结束）；站会提醒和呼叫会再次发"
        "给你。之后的离开时段保持不变。"
    ),
    "standup.back.not_away": (
        "你今天没有处于离开状态，无需结束。`/standup status` 会显示你的离开时段。"
    ),
    "digest.ops.load": (
        "值班负载 {user}：{shifts} 个班次（{after_hours} 在工作时间外）· {pages} 次呼叫，"
        "{after_hours_pages} 次在工作时间外 · MTTA {mtta} · 代班 {given} 次请人、{taken} "
        "次接下"
    ),
    "goal.home.title": "*你所在团队的目标*（{count}）",
    "goal.home.more": "……还有 {count} 个：`/goal list`",
    "kudos.home.title": "*你收到的致谢*（最近 90 天 {count} 次）",
    "kudos.home.line": "• 来自 <@{giver}>：{text}",
}
