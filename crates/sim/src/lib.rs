//! ECS model.
