//! Roles and what each may do. A role is always granted on a unit and reaches
//! that unit's whole subtree; whether a target unit lies inside the subtree is
//! the store's question (it holds the tree), whether the role allows the action
//! is this module's.

use serde::{Deserialize, Serialize};

crate::codes::vocabulary_pub! {
    Role, "vai trò" {
        Admin = "admin", "Quản trị hệ thống";
        Secretariat = "secretariat", "Văn phòng / Thường trực Hội đồng TĐKT";
        UnitHead = "unit_head", "Trưởng đơn vị";
        UnitClerk = "unit_clerk", "Cán bộ phụ trách thi đua của đơn vị";
        CouncilMember = "council_member", "Thành viên Hội đồng TĐKT";
        AgencyHead = "agency_head", "Thủ trưởng cơ quan";
        Viewer = "viewer", "Người xem";
    }
}

/// What a user may ask the system to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// See units, people and their achievement profiles.
    View,
    /// Create, rename, merge, move or deactivate units; manage blocs.
    ManageUnits,
    /// Create, edit, transfer, deactivate people; import staff sheets.
    ManagePeople,
    /// Record ratings, awards, initiatives, disciplines (the history the rules read).
    ManageHistory,
    /// Create accounts, grant roles, lock and unlock.
    ManageUsers,
    /// Read the audit and access logs.
    ViewAudit,
    /// Enter the annual ratings (xếp loại chất lượng) of a unit's people.
    Rate,
    /// Register titles for a unit and its people (đăng ký thi đua).
    Register,
    /// Submit a unit's registration or dossier upward.
    Submit,
    /// Receive, return or accept what units submit; run plans and movements.
    Review,
    /// Cast a ballot in a council session.
    Vote,
    /// Sign decisions.
    Decide,
}

impl Role {
    pub fn allows(self, action: Action) -> bool {
        use Action::*;
        use Role::*;
        match self {
            Admin => true,
            Secretariat => matches!(
                action,
                View | ManageUnits
                    | ManagePeople
                    | ManageHistory
                    | Rate
                    | ViewAudit
                    | Register
                    | Submit
                    | Review
            ),
            AgencyHead => matches!(action, View | ViewAudit | Review | Decide | Submit),
            UnitHead => matches!(action, View | ManagePeople | Rate | Register | Submit),
            UnitClerk => matches!(action, View | ManagePeople | Rate | Register),
            CouncilMember => matches!(action, View | Vote),
            Viewer => matches!(action, View),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles() {
        assert!(Role::Admin.allows(Action::ManageUsers));
        assert!(!Role::Secretariat.allows(Action::ManageUsers));
        assert!(!Role::Viewer.allows(Action::ManagePeople));
        assert!(Role::UnitClerk.allows(Action::Register));
        assert!(Role::UnitClerk.allows(Action::Rate));
        assert!(!Role::UnitClerk.allows(Action::ManageHistory));
        assert!(!Role::Viewer.allows(Action::Rate));
        assert!(!Role::UnitClerk.allows(Action::Submit));
        assert!(Role::UnitHead.allows(Action::Submit));
        assert!(!Role::CouncilMember.allows(Action::ViewAudit));
        assert_eq!(Role::parse("unit_head"), Ok(Role::UnitHead));
    }
}
