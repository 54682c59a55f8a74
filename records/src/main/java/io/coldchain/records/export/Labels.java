package io.coldchain.records.export;

import java.util.Map;

/** Report labels in English and Chinese ({@code lang=en|zh}). Values and ids are never translated. */
public final class Labels {
    private static final Map<String, String[]> TEXT = Map.ofEntries(
            Map.entry("log.title", new String[] {"Temperature log", "温度记录"}),
            Map.entry("trace.title", new String[] {"Batch trace", "批次追溯"}),
            Map.entry("site", new String[] {"Site", "场所"}),
            Map.entry("address", new String[] {"Address", "地址"}),
            Map.entry("region", new String[] {"Region", "行政区划"}),
            Map.entry("period", new String[] {"Period, local time", "期间, 当地时间"}),
            Map.entry("utc_days", new String[] {
                "Digests are sealed per UTC day (00:00-24:00 UTC), whatever the site's time zone.",
                "摘要按 UTC 日 (UTC 00:00-24:00) 封存, 与场所时区无关。"
            }),
            Map.entry("generated", new String[] {"Generated at / by", "生成时间 / 生成人"}),
            Map.entry("summary", new String[] {"Summary per asset and sensor", "各设备及传感器汇总"}),
            Map.entry("asset", new String[] {"Asset", "设备"}),
            Map.entry("sensor", new String[] {"Sensor", "传感器"}),
            Map.entry("readings", new String[] {"Readings", "读数"}),
            Map.entry("min", new String[] {"Min °C", "最低 °C"}),
            Map.entry("max", new String[] {"Max °C", "最高 °C"}),
            Map.entry("mean", new String[] {"Mean °C", "平均 °C"}),
            Map.entry("out_of_range", new String[] {"Out of range", "超限时长"}),
            Map.entry("compliance", new String[] {"Interval compliance", "记录间隔合规率"}),
            Map.entry("limits", new String[] {"Limits", "温度限值"}),
            Map.entry("profile", new String[] {"Profile", "温控要求"}),
            Map.entry("chart", new String[] {"Temperature curve (°C, local time)", "温度曲线 (°C, 当地时间)"}),
            Map.entry("rolled_up", new String[] {"rolled up: min / mean / max per", "已汇总: 每段最低 / 平均 / 最高, 每段"}),
            Map.entry("raw", new String[] {"every reading", "全部读数"}),
            Map.entry("excursions", new String[] {"Excursions and corrective actions", "温度异常及纠正措施"}),
            Map.entry("excursions.site", new String[] {
                "Batch-level alerts at this site (no sensor: budget, cooling, age)", "本场所批次级报警 (无传感器: 累计预算、冷却、存放时长)"
            }),
            Map.entry("excursions_none", new String[] {"No excursion alert in this period.", "本期间无温度异常报警。"}),
            Map.entry("excursions_unavailable", new String[] {
                "Excursion alerts are not connected on this server: this report cannot list them.",
                "本服务器未连接温度异常报警: 本报告无法列出。"
            }),
            Map.entry("alert", new String[] {"Alert", "报警"}),
            Map.entry("rule", new String[] {"Rule / severity", "规则 / 级别"}),
            Map.entry("start_end", new String[] {"Start - end", "开始 - 结束"}),
            // The peak column mixes kinds (°C, %RH, a door), so each cell carries its own unit.
            Map.entry("peak", new String[] {"Peak", "峰值"}),
            Map.entry("peak.door_open", new String[] {"door open", "门开启"}),
            Map.entry("duration", new String[] {"Duration", "持续时间"}),
            Map.entry("status", new String[] {"Status / ack", "状态 / 确认"}),
            Map.entry("corrective", new String[] {"Corrective action / dispositions", "纠正措施 / 处置"}),
            Map.entry("gaps", new String[] {"Gaps in the record", "记录中断"}),
            Map.entry("gaps_none", new String[] {"No gap.", "无中断。"}),
            Map.entry("from", new String[] {"From", "自"}),
            Map.entry("to", new String[] {"To", "至"}),
            Map.entry("calibration", new String[] {"Sensor calibration", "传感器校验"}),
            Map.entry("calibrated_at", new String[] {"Calibrated", "校验日期"}),
            Map.entry("due", new String[] {"Due", "到期日"}),
            Map.entry("certificate", new String[] {"Certificate", "证书编号"}),
            Map.entry("overdue", new String[] {"OVERDUE", "已过期"}),
            Map.entry("after_due", new String[] {"Readings after due date", "过期后读数"}),
            Map.entry("unknown", new String[] {"unknown", "未知"}),
            Map.entry("integrity", new String[] {"Integrity: daily SHA-256 digests (chained)", "完整性: 每日 SHA-256 摘要 (链式)"
            }),
            Map.entry("integrity_note", new String[] {
                "Stored seals; GET /api/v1/tenants/{t}/integrity recomputes them from the readings.",
                "已存封存值; GET /api/v1/tenants/{t}/integrity 可据读数重新计算。"
            }),
            Map.entry("day", new String[] {"Day", "日期"}),
            Map.entry("version", new String[] {"Ver.", "版本"}),
            Map.entry("digest", new String[] {"Digest", "摘要"}),
            Map.entry("digests_none", new String[] {"No sealed day in this period yet.", "本期间尚无封存日。"}),
            Map.entry("report.title", new String[] {"Compliance report (self-inspection)", "温度控制自查报告"}),
            Map.entry("period.day", new String[] {"daily", "日管控"}),
            Map.entry("period.week", new String[] {"weekly", "周排查"}),
            Map.entry("period.month", new String[] {"monthly", "月调度"}),
            Map.entry("report.incomplete", new String[] {
                "The period has not ended: figures up to the time of generation.", "本期间尚未结束: 数据截至生成时间。"
            }),
            Map.entry("summary.report", new String[] {"Summary", "汇总"}),
            Map.entry(
                    "report.meeting", new String[] {"Sensors meeting the required recording interval", "符合记录间隔要求的传感器"}),
            Map.entry("report.threshold", new String[] {"threshold", "阈值"}),
            Map.entry("report.required", new String[] {"Required", "要求间隔"}),
            Map.entry("report.seals", new String[] {"sealed days", "封存日"}),
            Map.entry("report.intact", new String[] {"all verified", "全部验证通过"}),
            Map.entry("report.not_intact", new String[] {"MISMATCHES", "存在不一致"}),
            Map.entry("report.mismatches", new String[] {"Mismatches", "不一致"}),
            Map.entry("report.unsealed", new String[] {"unsealed days", "未封存日"}),
            Map.entry("report.late", new String[] {"Late data pending", "待重封"}),
            Map.entry("integrity.short", new String[] {"Integrity of the sealed days", "封存记录完整性"}),
            Map.entry("gaps.short", new String[] {"Gaps", "中断"}),
            Map.entry("calibration.short", new String[] {"Calibration", "校验"}),
            Map.entry("cal.ok", new String[] {"ok", "有效"}),
            Map.entry("cal.due_soon", new String[] {"due soon", "即将到期"}),
            Map.entry("cal.overdue", new String[] {"OVERDUE", "已过期"}),
            Map.entry("cal.unknown", new String[] {"unknown", "未知"}),
            Map.entry("yearly.title", new String[] {"Yearly self-inspection summary", "年度自查报告汇总"}),
            Map.entry("yearly.month", new String[] {"Month", "月份"}),
            Map.entry("yearly.incomplete", new String[] {
                "* the month has not ended: figures up to the time of generation.", "* 该月尚未结束: 数据截至生成时间。"
            }),
            Map.entry("excursions.short", new String[] {"Excursions", "温度异常"}),
            Map.entry("page", new String[] {"Page", "页"}));

    private final int index;

    private Labels(int index) {
        this.index = index;
    }

    /** {@code zh} or {@code en}; anything else is refused by the caller before this. */
    public static Labels of(String lang) {
        return new Labels("zh".equals(lang) ? 1 : 0);
    }

    public String get(String key) {
        String[] v = TEXT.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no label " + key);
        }
        return v[index];
    }
}
