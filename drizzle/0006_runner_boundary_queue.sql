CREATE TABLE `reeval_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`trial_id` text NOT NULL,
	`actor` text NOT NULL,
	`status` text NOT NULL,
	`runner_id` text,
	`pgid` integer,
	`workspace` text,
	`reevaluation_id` text,
	`error` text,
	`created_at` text NOT NULL,
	`started_at` text,
	`finished_at` text,
	FOREIGN KEY (`trial_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reevaluation_id`) REFERENCES `reevaluations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reeval_jobs_status_idx` ON `reeval_jobs` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `reeval_jobs_trial_idx` ON `reeval_jobs` (`trial_id`);--> statement-breakpoint
CREATE TABLE `runners` (
	`id` text PRIMARY KEY NOT NULL,
	`pid` integer NOT NULL,
	`kind` text NOT NULL,
	`work_root` text NOT NULL,
	`started_at` text NOT NULL,
	`heartbeat_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `started_runs` (
	`run_id` text PRIMARY KEY NOT NULL,
	`spec` text NOT NULL,
	`origin` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
