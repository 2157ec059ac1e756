// description: People who hold a membership in a body of A and in a body of B (mirrors overlap.rq), optionally held on one date, or both held on one day at least.
// param a: id of a collaboration or a body, e.g. collaboration/alrek (the CLI turns a name or alias into it)
// param b: id of a collaboration or a body
// param as_of: optional date (YYYY-MM-DD, YYYY-MM or YYYY): only seats held on it
// param same_time: optional true: only people who held a seat in A and one in B on the same day
// The period rules are samkart/timeline.py's: active_from/active_until are day bounds (null: open);
// `$as_of + '~'` sorts after every day $as_of covers, so it stands for the last of them.
MATCH (p:Person)-[:HOLDS]->(ma:Membership)-[:IN]->(ba:Body)-[:PART_OF]->(ca:Collaboration)
WHERE (ba.id = $a OR ca.id = $a)
  AND ($as_of IS NULL OR ((ma.active_from IS NULL OR ma.active_from <= $as_of + '~') AND (ma.active_until IS NULL OR ma.active_until >= $as_of)))
MATCH (p)-[:HOLDS]->(mb:Membership)-[:IN]->(bb:Body)-[:PART_OF]->(cb:Collaboration)
WHERE (bb.id = $b OR cb.id = $b)
  AND ($as_of IS NULL OR ((mb.active_from IS NULL OR mb.active_from <= $as_of + '~') AND (mb.active_until IS NULL OR mb.active_until >= $as_of)))
  AND ($same_time IS NULL OR $same_time = false
       OR ((ma.active_from IS NULL OR mb.active_until IS NULL OR ma.active_from <= mb.active_until)
           AND (mb.active_from IS NULL OR ma.active_until IS NULL OR mb.active_from <= ma.active_until)))
RETURN DISTINCT p.id AS person, p.name AS name
ORDER BY name, person
