-- Which of these edge lines delivery_events_v2 already holds (a re-sent log file): by edge, the lines' time span
-- (the sort key's leading columns) and their ids.
SELECT DISTINCT line_id
FROM delivery_events_v2
WHERE event_time >= parseDateTime64BestEffort({from:String}, 3, 'UTC')
    AND event_time <= parseDateTime64BestEffort({to:String}, 3, 'UTC')
    AND edge_id IN {edges:Array(String)}
    AND source = 'edge'
    AND line_id IN {ids:Array(String)}
