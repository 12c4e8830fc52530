"""Copy for lessons learned: /lesson and the digest's lessons section."""

EN = {
    "usage.lesson": (
        "`/lesson add TEXT [team:ID] [risk:R-N]` · `/lesson search WORDS` · "
        "`/lesson list [team:ID]` · `/lesson help`"
    ),
    "help.lesson": (
        "*/lesson keeps what teams learned, so a team starting something new finds it.* "
        "`add` records a lesson for your team (or `team:ID`), optionally linked to a risk; "
        "`search` finds lessons that contain all your words, the most relevant first; `list` "
        "shows the newest.\n{usage}\n"
        "Example: `/lesson add Freeze the API a week before launch. Vendors need the time. "
        "risk:R-4`"
    ),
    "lesson.added": "Recorded *{ref}* for {team}{risk}.",
    "lesson.added_risk": " (linked to {risk})",
    "lesson.duplicate": "That lesson was already recorded.",
    "lesson.error.no_text": "Say what was learned: `/lesson add TEXT`.",
    "lesson.error.too_long": "A lesson is at most {limit} characters; this one has {length}.",
    "lesson.error.no_words": "Give the words to look for: `/lesson search WORDS`.",
    "lesson.error.no_team": (
        "You are in no team, so say which team learned it with `team:ID` ({teams})."
    ),
    "lesson.error.unknown_team": "There is no team `{team}`. Teams: {teams}.",
    "lesson.error.unknown_risk": "There is no risk {risk}; check the number with `/risk list`.",
    "lesson.error.bad_risk": "`risk:{text}` is not a risk id; write it like `risk:R-4`.",
    "lesson.error.duplicate_key": "`{name}:` is given twice; give each key once.",
    "lesson.error.unexpected_text": ("`/lesson {sub}` takes only `team:ID`; remove “{text}”."),
    "lesson.search.title": "*{count} lesson(s) match “{words}”*, the most relevant first:",
    "lesson.search.none": (
        "No lesson matches “{words}”. Search looks for lessons that contain every word; try "
        "fewer words."
    ),
    "lesson.list.title": "*The newest lessons{team}* ({count}):",
    "lesson.list.team": " of {team}",
    "lesson.list.none": "No lessons recorded yet{team}. `/lesson add TEXT` records one.",
    "lesson.line.meta": "*{ref}* · {team} · <@{author}> · {date}{risk} · {source}",
    "lesson.source.manual": "added by hand",
    "lesson.source.retro": "from a retrospective",
    "lesson.source.risk-close": "from closing a risk",
    "lesson.source.escalation": "from an escalation",
    "lesson.more.search": "More lessons match; add a word to narrow the search.",
    "lesson.more.list": "Older lessons are not shown; `tandem export lessons` has them all.",
    # the digest's section
    "digest.lessons.title": "*New lessons ({count})*",
    "digest.lessons.line": "• *{ref}* {team}: {text}",
}
EN.update(
    {
        "lesson.record.button": "Record a lesson",
        "lesson.modal.title": "Record a lesson",
        "lesson.modal.submit": "Record",
        "lesson.modal.cancel": "Cancel",
        "lesson.modal.text": "What did we learn?",
        "lesson.modal.text_hint": "Write it for a team that starts something similar.",
        "lesson.modal.team": "Team",
        "lesson.modal.risk": "Risk",
        "lesson.recorded_dm": "Recorded *{ref}* for {team}{risk}. `/lesson search` finds it.",
    }
)

# Simplified Chinese, for the zh-CN catalog (bot/core/messages/zh_cn.py on main merges it).
ZH = {
    "usage.lesson": (
        "`/lesson add TEXT [team:ID] [risk:R-N]` · `/lesson search WORDS` · "
        "`/lesson list [team:ID]` · `/lesson help`"
    ),
    "help.lesson": (
        "*/lesson 保存各团队的经验教训，让开始新工作的团队能找到它们。* "
        "`add` 为你的团队（或 `team:ID`）记录一条经验，可关联一个风险；"
        "`search` 查找包含你所有词语的经验，最相关的在前；`list` 显示最新的经验。\n{usage}\n"
        "示例：`/lesson add 上线前一周冻结 API，供应商需要时间。 risk:R-4`"
    ),
    "lesson.added": "已为 {team} 记录 *{ref}*{risk}。",
    "lesson.added_risk": "（关联 {risk}）",
    "lesson.duplicate": "这条经验已经记录过了。",
    "lesson.error.no_text": "请写下学到了什么：`/lesson add TEXT`。",
    "lesson.error.too_long": "一条经验最多 {limit} 个字符，这条有 {length} 个。",
    "lesson.error.no_words": "请给出要查找的词语：`/lesson search WORDS`。",
    "lesson.error.no_team": "你不属于任何团队，请用 `team:ID` 指明是哪个团队的经验（{teams}）。",
    "lesson.error.unknown_team": "没有团队 `{team}`。团队有：{teams}。",
    "lesson.error.unknown_risk": "没有风险 {risk}；请用 `/risk list` 核对编号。",
    "lesson.error.bad_risk": "`risk:{text}` 不是风险编号；请写成 `risk:R-4` 这样。",
    "lesson.error.duplicate_key": "`{name}:` 出现了两次；每个键只写一次。",
    "lesson.error.unexpected_text": "`/lesson {sub}` 只接受 `team:ID`；请删除“{text}”。",
    "lesson.search.title": "*有 {count} 条经验匹配“{words}”*，最相关的在前：",
    "lesson.search.none": "没有经验匹配“{words}”。搜索要求经验包含每个词语；请试试少用几个词。",
    "lesson.list.title": "*最新的经验{team}*（{count}）：",
    "lesson.list.team": "（{team}）",
    "lesson.list.none": "还没有记录经验{team}。`/lesson add TEXT` 可以记录一条。",
    "lesson.line.meta": "*{ref}* · {team} · <@{author}> · {date}{risk} · {source}",
    "lesson.source.manual": "手动添加",
    "lesson.source.retro": "来自回顾会",
    "lesson.source.risk-close": "来自关闭风险",
    "lesson.source.escalation": "来自升级",
    "lesson.more.search": "还有更多经验匹配；加一个词可以缩小搜索范围。",
    "lesson.more.list": "更早的经验未显示；`tandem export lessons` 包含全部。",
    "digest.lessons.title": "*新的经验（{count}）*",
    "digest.lessons.line": "• *{ref}* {team}：{text}",
    "lesson.record.button": "记录经验",
    "lesson.modal.title": "记录经验",
    "lesson.modal.submit": "记录",
    "lesson.modal.cancel": "取消",
    "lesson.modal.text": "我们学到了什么？",
    "lesson.modal.text_hint": "写给将来做类似事情的团队。",
    "lesson.modal.team": "团队",
    "lesson.modal.risk": "风险",
    "lesson.recorded_dm": "已为 {team} 记录 *{ref}*{risk}。`/lesson search` 可以找到它。",
}
