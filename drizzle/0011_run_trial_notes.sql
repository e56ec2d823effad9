CREATE TABLE `notes` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`trial_id` text,
	`author` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`trial_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notes_run_idx` ON `notes` (`run_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notes_trial_idx` ON `notes` (`trial_id`);