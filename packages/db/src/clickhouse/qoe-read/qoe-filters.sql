-- The stacked filters every QoE read takes: within a dimension any listed value, across dimensions all of them;
-- an empty list is no filter. Expanded into the reads at {{filters}}.
(empty({f_box_model:Array(String)}) OR has({f_box_model:Array(String)}, box_model))
    AND (empty({f_firmware:Array(String)}) OR has({f_firmware:Array(String)}, firmware))
    AND (empty({f_app_version:Array(String)}) OR has({f_app_version:Array(String)}, app_version))
    AND (empty({f_channel_id:Array(String)}) OR has({f_channel_id:Array(String)}, channel_id))
    AND (empty({f_region:Array(String)}) OR has({f_region:Array(String)}, region))
    AND (empty({f_cdn_edge:Array(String)}) OR has({f_cdn_edge:Array(String)}, cdn_edge))
