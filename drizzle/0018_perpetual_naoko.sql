CREATE TABLE `analysis_queue` (
	`trial_id` text PRIMARY KEY NOT NULL,
	FOREIGN KEY (`trial_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- trials stored before the audit analysis was kept are owed one too
INSERT INTO `analysis_queue` (`trial_id`) SELECT t.`id` FROM `trials` t WHERE NOT EXISTS (SELECT 1 FROM `trial_analyses` ta WHERE ta.`trial_id` = t.`id`);
