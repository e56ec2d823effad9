ALTER TABLE `reeval_jobs` ADD `executor` text;--> statement-breakpoint
ALTER TABLE `reeval_jobs` ADD `executor_job_id` text;--> statement-breakpoint
ALTER TABLE `trial_jobs` ADD `executor` text;--> statement-breakpoint
ALTER TABLE `trial_jobs` ADD `executor_job_id` text;